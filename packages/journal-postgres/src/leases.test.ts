import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { closeTestJournals, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL journal rollback leases', () => {
  afterAll(closeTestJournals);

  it('lets one holder at a time hold a live lease, renew it and release it', async () => {
    const schema = freshSchema();
    const [first, second] = [await openTestJournal(schema), await openTestJournal(schema)];
    expect(await first.acquireLease('rollback:s1', 'engine-a', 60_000)).toBe(true);
    expect(await second.acquireLease('rollback:s1', 'engine-b', 60_000)).toBe(false);
    expect(await first.acquireLease('rollback:s1', 'engine-a', 60_000)).toBe(true);
    await second.releaseLease('rollback:s1', 'engine-b');
    expect(await second.acquireLease('rollback:s1', 'engine-b', 60_000)).toBe(false);
    await first.releaseLease('rollback:s1', 'engine-a');
    expect(await second.acquireLease('rollback:s1', 'engine-b', 60_000)).toBe(true);
    expect(await first.acquireLease('rollback:s2', 'engine-a', 60_000)).toBe(true);
  });

  it('lets another holder take over a lease its crashed holder let expire', async () => {
    const store = await openTestJournal();
    expect(await store.acquireLease('step:7', 'crashed-engine', 50)).toBe(true);
    expect(await store.acquireLease('step:7', 'engine-b', 60_000)).toBe(false);
    await sleep(120);
    expect(await store.acquireLease('step:7', 'engine-b', 60_000)).toBe(true);
    expect(await store.acquireLease('step:7', 'crashed-engine', 50)).toBe(false);
  });

  it('grants a contested lease to exactly one of many holders racing from several stores', async () => {
    const schema = freshSchema();
    const stores = await Promise.all(Array.from({ length: 4 }, () => openTestJournal(schema)));
    for (let round = 0; round < 5; round += 1) {
      const granted = await Promise.all(stores.flatMap((store, index) => [0, 1, 2].map((slot) => store.acquireLease(`race:${round}`, `holder-${index}-${slot}`, 60_000))));
      expect(granted.filter(Boolean)).toHaveLength(1);
    }
  });

  it('keeps leases in their own table, which may change while entries may not', async () => {
    const store = await openTestJournal();
    await store.acquireLease('step:1', 'engine-a', 60_000);
    const rows = await withDirectConnection((client) => client.query(`SELECT name, holder, expires_at > now() AS live FROM "${store.schema}".leases`));
    expect(rows.rows).toEqual([{ name: 'step:1', holder: 'engine-a', live: true }]);
    await expect(store.acquireLease('step:1', 'engine-a', 0)).rejects.toMatchObject({ code: 'invalid_input' });
  });
});
