import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PostgresJournal } from './index.js';
import { closeTestJournals, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL journal: append-only in the database itself', () => {
  let store: PostgresJournal;
  beforeAll(async () => {
    store = await openTestJournal();
    await store.append({ type: 'session.started', sessionId: 's', agentId: 'a', data: { reason: 'original' } });
    await store.append({ type: 'action.committed', sessionId: 's', data: { result: 1 } });
  });
  afterAll(closeTestJournals);

  // A buggy or hostile client with ordinary SQL access, going around the store's API.
  it.each([
    ['UPDATE', `UPDATE $entries SET data = '{"reason":"rewritten"}' WHERE seq = 1`],
    ['UPDATE', `UPDATE $entries SET data = data WHERE false`],
    ['DELETE', `DELETE FROM $entries WHERE seq = 2`],
    ['TRUNCATE', `TRUNCATE $entries`],
  ])('refuses %s on entries: %s', async (operation, statement) => {
    const attempt = withDirectConnection((client) => client.query(statement.replace('$entries', `"${store.schema}".entries`)));
    await expect(attempt).rejects.toThrow(`the Backspace journal is append-only: ${operation} on ${store.schema}.entries is refused`);
    await expect(attempt).rejects.toMatchObject({ code: '42501' });
  });

  it('leaves history as it was, and the chain verifies', async () => {
    expect((await store.sessionEntries('s')).map((entry) => entry.data)).toEqual([{ reason: 'original' }, { result: 1 }]);
    expect(await store.verify()).toEqual({ ok: true, entries: 2 });
  });
});
