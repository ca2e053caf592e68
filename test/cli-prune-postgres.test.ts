// `backspace prune` on a PostgreSQL journal: whole sessions past retention removed through the
// database's prune function, read back over a direct connection, and the rest verifies.
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, closeTestJournals, openTestJournal, postgresAvailable, withDirectConnection } from '../packages/journal-postgres/src/test-support/postgres-server.js';
import { runCli } from './support/cli.js';

const available = await postgresAvailable();
const LONG_AGO = new Date(Date.now() - 120 * 86_400_000).toISOString();

describe.skipIf(!available)('backspace prune on a PostgreSQL journal', () => {
  afterAll(closeTestJournals);

  it('removes the ended sessions past retention and keeps the running one', async () => {
    const store = await openTestJournal();
    for (const sessionId of ['alpha', 'beta', 'gamma']) {
      await store.append({ type: 'session.started', sessionId, agentId: 'cli', at: LONG_AGO, data: {} });
      if (sessionId !== 'gamma') await store.append({ type: 'session.ended', sessionId, agentId: 'cli', at: LONG_AGO, data: {} });
    }
    const journal = ['--journal', TEST_DATABASE_URL, '--schema', store.schema];
    const pruned = await runCli(['prune', '--yes', '--json', ...journal]);
    expect(pruned.json()).toMatchObject({ dryRun: false, entries: 4, sessions: ['alpha', 'beta'], anchor: { throughSeq: 4 } });
    const left = await withDirectConnection(async (client) => (await client.query(`SELECT DISTINCT session_id FROM "${store.schema}".entries`)).rows.map((row) => row.session_id as string));
    expect(left).toEqual(['gamma']);
    expect((await runCli(['verify', '--json', ...journal])).json()).toMatchObject({ ok: true, entries: 1 });
  });
});
