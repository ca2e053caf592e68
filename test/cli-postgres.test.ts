// The backspace binary on a PostgreSQL journal in a schema of its own: verify, and the numbers it reports.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TEST_DATABASE_URL, closeTestJournals, openTestJournal, postgresAvailable, tamper } from '../packages/journal-postgres/src/test-support/postgres-server.js';
import { runCli } from './support/cli.js';

const available = await postgresAvailable();

describe.skipIf(!available)('backspace on a PostgreSQL journal', () => {
  afterAll(closeTestJournals);

  it('verifies the journal in the schema --schema names, and notes a number no entry holds', async () => {
    const store = await openTestJournal();
    for (const sessionId of ['alpha', 'beta', 'gamma']) await store.append({ type: 'session.started', sessionId, agentId: 'cli', data: {} });
    const clean = await runCli(['verify', '--journal', TEST_DATABASE_URL, '--schema', store.schema]);
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('ok: 3 entries');
    expect(clean.stdout).not.toContain('holds no entry');

    // Each session is alone in its chain here, so removing one breaks no link; its number is what shows.
    await tamper(store.schema, ['DELETE FROM $schema.entries WHERE seq = 2']);
    const noted = await runCli(['verify', '--journal', TEST_DATABASE_URL, '--schema', store.schema]);
    expect(noted.code).toBe(0);
    expect(noted.stdout).toContain('ok: 2 entries');
    expect(noted.stdout).toContain('note: 1 number holds no entry (2)');
    expect((await runCli(['verify', '--json', '--journal', TEST_DATABASE_URL, '--schema', store.schema])).json()).toEqual({ ok: true, entries: 2, unusedSeqs: { count: 1, first: [2] }, problems: [], writersChecked: false, checkpoints: null });
  });

  it('reads the schema from the config file, beside the URL', async () => {
    const store = await openTestJournal();
    await store.append({ type: 'session.started', sessionId: 'alpha', agentId: 'cli', data: {} });
    const directory = mkdtempSync(join(tmpdir(), 'backspace-config-'));
    const config = join(directory, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { postgres: TEST_DATABASE_URL, schema: store.schema } }));
    const sessions = await runCli(['sessions', '--json', '--config', config]);
    expect(sessions.code).toBe(0);
    expect(sessions.json<{ sessions: { id: string }[] }>().sessions.map((session) => session.id)).toEqual(['alpha']);
  });

  it('refuses --schema for a SQLite journal, naming the file', async () => {
    const refused = await runCli(['verify', '--json', '--journal', 'some.db', '--schema', 'agents']);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'invalid_config', message: '--schema names a PostgreSQL schema, but the journal is the SQLite file some.db' } });
  });
});
