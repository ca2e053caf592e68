import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresJournal } from './postgres-journal.js';
import { TEST_DATABASE_URL, closeTestJournals, dropLater, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL journal: the connection appends run on', () => {
  afterAll(closeTestJournals);

  it('goes on appending after the server drops the connection appends run on, failing at most one append, retryably', async () => {
    const store = await openTestJournal();
    await store.append({ type: 'session.started', sessionId: 's', agentId: 'a', data: {} });
    const dropped = await withDirectConnection((client) =>
      client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'backspace-journal' AND query LIKE $1`, [`%"${store.schema}".append_to_chain%`]),
    );
    expect(dropped.rowCount).toBe(1);
    const failures: unknown[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      try {
        await store.append({ type: 'action.intent', sessionId: 's', data: { attempt } });
        break;
      } catch (error) {
        failures.push(error);
      }
    }
    expect(failures.length).toBeLessThanOrEqual(1);
    for (const failure of failures) expect(failure).toMatchObject({ code: 'journal_unavailable', isRetryable: true });
    expect((await store.sessionEntries('s')).length).toBe(2);
    // An append that took its number before the connection died leaves that number unused.
    expect(await store.verify()).toMatchObject({ ok: true, entries: 2 });
  });

  it('with a pool of one connection, keeps none aside, so reads and concurrent appends still get through', async () => {
    const store = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema: dropLater(freshSchema()), poolSize: 1 });
    try {
      await store.append({ type: 'session.started', sessionId: 's', agentId: 'a', data: {} });
      const [, read, , ] = await Promise.all([
        store.append({ type: 'action.intent', sessionId: 's', data: { step: 1 } }),
        store.sessionEntries('s'),
        store.append({ type: 'action.intent', sessionId: 't', data: { step: 1 } }),
        store.append({ type: 'action.intent', sessionId: 's', data: { step: 2 } }),
      ]);
      expect(read.length).toBeGreaterThanOrEqual(1);
      expect(await store.verify()).toEqual({ ok: true, entries: 4 });
    } finally {
      await store.close();
    }
  });
});
