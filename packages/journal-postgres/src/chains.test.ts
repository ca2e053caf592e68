import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH } from '@backspace/core';
import { chainLockArguments } from './advisory-locks.js';
import { CONTROL_CHAIN, SESSION_CHAINS, chainOf } from './chains.js';
import { createPostgresJournal } from './postgres-journal.js';
import { TEST_DATABASE_URL, closeTestJournals, dropLater, freshSchema, openTestJournal, postgresAvailable, tamper, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

/** Session ids that land on different chains, and one that shares the first one's chain. */
function sessionsOnChains(): { first: string; other: string; sameAsFirst: string } {
  const chain = (sessionId: string) => chainOf({ type: 'action.intent', sessionId }, SESSION_CHAINS);
  const ids = Array.from({ length: 200 }, (_, index) => `session-${index}`);
  const first = ids[0]!;
  return { first, other: ids.find((id) => chain(id) !== chain(first))!, sameAsFirst: ids.find((id) => id !== first && chain(id) === chain(first))! };
}

describe.skipIf(!available)('PostgreSQL journal: one chain per group of sessions', () => {
  afterAll(closeTestJournals);

  it('links each entry to the one before it in its session’s chain, and keeps kill and resume in one chain', async () => {
    const store = await openTestJournal();
    const { first, other } = sessionsOnChains();
    const a1 = await store.append({ type: 'session.started', sessionId: first, agentId: 'a', data: {} });
    const b1 = await store.append({ type: 'session.started', sessionId: other, agentId: 'b', data: {} });
    const kill = await store.append({ type: 'kill', sessionId: first, data: { scope: { sessionId: first } } });
    const a2 = await store.append({ type: 'action.intent', sessionId: first, data: { step: 1 } });
    const resume = await store.append({ type: 'resume', data: { scope: { sessionId: first } } });
    expect([a1, b1, kill, a2, resume].map((entry) => entry.seq)).toEqual([1, 2, 3, 4, 5]);
    expect([a1.prevHash, b1.prevHash, kill.prevHash]).toEqual([GENESIS_HASH, GENESIS_HASH, GENESIS_HASH]);
    expect(a2.prevHash).toBe(a1.hash);
    expect(resume.prevHash).toBe(kill.hash);
    const stored = await withDirectConnection((client) => client.query<{ seq: string; chain: number }>(`SELECT seq, chain FROM "${store.schema}".entries ORDER BY seq`));
    expect(stored.rows.map((row) => row.chain)).toEqual([a1, b1, kill, a2, resume].map((entry) => chainOf(entry, SESSION_CHAINS)));
    expect(chainOf(kill, SESSION_CHAINS)).toBe(CONTROL_CHAIN);
    expect(await store.verify()).toEqual({ ok: true, entries: 5 });
  });

  it('lets a writer append while another chain is locked, and makes a writer of that chain wait', async () => {
    const store = await openTestJournal();
    const { first, other, sameAsFirst } = sessionsOnChains();
    const locker = await withDirectConnection(async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${chainLockArguments(`"${store.schema}"`, String(chainOf({ type: 'action.intent', sessionId: first }, SESSION_CHAINS)))})`);
      let waited = false;
      const blocked = store.append({ type: 'action.intent', sessionId: sameAsFirst, data: {} }).then((entry) => ({ entry, waited }));
      expect((await store.append({ type: 'action.intent', sessionId: other, data: {} })).seq).toBeGreaterThan(0);
      waited = true;
      await client.query('COMMIT');
      return blocked;
    });
    expect(locker.waited).toBe(true);
    expect(await store.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('keeps a chain whole when writers on several connections append to sessions that share it', async () => {
    const schema = freshSchema();
    const { first, sameAsFirst } = sessionsOnChains();
    const stores = [await openTestJournal(schema), await openTestJournal(schema), await openTestJournal(schema)];
    const perWriter = 40;
    await Promise.all(
      stores.map(async (store, writer) => {
        for (let index = 0; index < perWriter; index += 1) await store.append({ type: 'action.intent', sessionId: writer === 1 ? sameAsFirst : first, data: { writer, index } });
      }),
    );
    expect(await stores[0]!.verify()).toEqual({ ok: true, entries: stores.length * perWriter });
  });

  it('names the entry after one removed from the middle of a session, with other sessions written in between', async () => {
    const store = await openTestJournal();
    const { first, other } = sessionsOnChains();
    for (let index = 0; index < 3; index += 1) {
      await store.append({ type: 'action.intent', sessionId: first, data: { index } });
      await store.append({ type: 'action.intent', sessionId: other, data: { index } });
    }
    // first's entries are 1, 3, 5: removing 3 breaks 5's link, whatever lies between.
    await tamper(store.schema, [`DELETE FROM $schema.entries WHERE seq = 3`]);
    expect(await store.verify()).toMatchObject({ ok: false, firstBad: { seq: 5, reason: expect.stringContaining('does not link') } });
  });

  it('lists the numbers no entry holds, where an entry removed from the end of its chain breaks no link', async () => {
    const store = await openTestJournal();
    const { first, other } = sessionsOnChains();
    await store.append({ type: 'action.intent', sessionId: first, data: {} });
    await store.append({ type: 'action.intent', sessionId: other, data: {} });
    await store.append({ type: 'action.intent', sessionId: first, data: {} });
    expect(await store.verify()).toEqual({ ok: true, entries: 3 });
    // Entry 2 is the only one of its chain: removing it leaves every link whole, and only its number behind.
    await tamper(store.schema, [`DELETE FROM $schema.entries WHERE seq = 2`]);
    expect(await store.verify()).toEqual({ ok: true, entries: 2, unusedSeqs: { count: 1, first: [2] } });
  });

  it('refuses at start a connection whose transactions run at a stricter isolation, naming it', async () => {
    const schema = dropLater(freshSchema());
    const url = new URL(TEST_DATABASE_URL);
    url.searchParams.set('options', '-c default_transaction_isolation=serializable');
    const opening = createPostgresJournal({ connectionString: url.toString(), schema });
    await expect(opening).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(opening).rejects.toThrow("the journal's connections run at SERIALIZABLE isolation; appends need READ COMMITTED");
  });
});
