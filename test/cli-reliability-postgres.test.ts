// The backspace binary on a PostgreSQL journal: every command exits, on success and on error, within
// seconds (the pool is closed on every path); nothing creates or migrates a journal unless asked; read-only
// commands take no migration lock and cannot write; plan refuses a broken chain. Checked in the database.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPostgresJournal } from '@backspace/journal-postgres';
import { MIGRATION_LOCK, lockArguments } from '../packages/journal-postgres/src/advisory-locks.js';
import { TEST_DATABASE_URL, closeTestJournals, dropLater, freshSchema, openTestJournal, postgresAvailable, tamper, withDirectConnection } from '../packages/journal-postgres/src/test-support/postgres-server.js';
import { BIN } from './support/cli.js';

const available = await postgresAvailable();

/** Well above what a command needs here (about a second), well below a hang. */
const EXIT_WITHIN_MS = 10_000;

interface TimedResult {
  code: number | null;
  stdout: string;
  stderr: string;
  exitedWithinLimit: boolean;
}

/** Runs the built binary; a process still running after `EXIT_WITHIN_MS` is killed and reported as hung. */
function runCliTimed(args: string[]): Promise<TimedResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, EXIT_WITHIN_MS);
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, exitedWithinLimit: !hung });
    });
  });
}

const schemaExists = (schema: string) => withDirectConnection(async (client) => (await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])).rowCount === 1);
const entryCount = (schema: string) => withDirectConnection(async (client) => Number((await client.query(`SELECT count(*) AS n FROM "${schema}".entries`)).rows[0].n));

describe.skipIf(!available)('backspace on PostgreSQL: exits, never creates, reads read-only', () => {
  let schema: string;
  let journal: string[];

  beforeAll(async () => {
    const store = await openTestJournal();
    schema = store.schema;
    journal = ['--journal', TEST_DATABASE_URL, '--schema', schema];
    await store.append({ type: 'session.started', sessionId: 'alpha', agentId: 'triage-bot', data: {} });
  });
  afterAll(closeTestJournals);

  const FAILING: [string, string[], RegExp][] = [
    ['plan of an unknown session', ['plan', 'no-such-session'], /no session no-such-session/],
    ['rollback of an unknown session', ['rollback', 'no-such-session'], /no session no-such-session/],
    ['approvals approve of an unknown request', ['approvals', 'approve', 'no-such-request', '--by', 'ops'], /no approval request no-such-request/],
    ['approvals deny of an unknown request', ['approvals', 'deny', 'no-such-request', '--by', 'ops', '--reason', 'no'], /no approval request no-such-request/],
    ['sessions with a bad time', ['sessions', '--since', 'last tuesday'], /--since must be an ISO time/],
    ['show of an unknown session', ['show', 'no-such-session'], /no session or action no-such-session/],
    ['end of an unknown session', ['end', 'no-such-session', '--by', 'ops'], /no-such-session/],
    ['kill with two scopes', ['kill', '--all', '--agent', 'x', '--reason', 'r', '--by', 'ops'], /exactly one of --all, --agent/],
    ['rollback with a bad number', ['rollback', 'alpha', '--concurrency', 'many'], /--concurrency/],
  ];

  it.each(FAILING)('%s: exits within seconds, non-zero, with a clear message', async (_name, args, message) => {
    const result = await runCliTimed([...args, ...journal]);
    expect(result.exitedWithinLimit, `${args.join(' ')} was still running after ${EXIT_WITHIN_MS} ms`).toBe(true);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
    const json = await runCliTimed([...args, ...journal, '--json']);
    expect(json.exitedWithinLimit).toBe(true);
    expect(json.code).toBe(1);
    expect(JSON.parse(json.stdout)).toEqual({ error: { code: expect.any(String), message: expect.stringMatching(message) } });
  });

  it('succeeding commands exit too: sessions, show, verify, approvals, kill, resume', async () => {
    for (const args of [['sessions'], ['show', 'alpha'], ['verify'], ['approvals', 'list'], ['kill', '--agent', 'triage-bot', '--reason', 'r', '--by', 'ops'], ['resume', '--agent', 'triage-bot', '--by', 'ops']]) {
      const result = await runCliTimed([...args, ...journal]);
      expect(result.exitedWithinLimit, `${args.join(' ')} was still running after ${EXIT_WITHIN_MS} ms`).toBe(true);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stderr, args.join(' ')).toBe('');
    }
  });

  it('a mistyped schema: every command says there is no journal there, and no schema is created', async () => {
    const mistyped = dropLater(freshSchema());
    for (const args of [['kill', '--all', '--reason', 'r', '--by', 'ops'], ['resume', '--all', '--by', 'ops'], ['sessions'], ['verify'], ['approvals', 'list'], ['plan', 'alpha']]) {
      const result = await runCliTimed([...args, '--journal', TEST_DATABASE_URL, '--schema', mistyped, '--json']);
      expect(result.exitedWithinLimit).toBe(true);
      expect(result.code, args.join(' ')).toBe(1);
      expect(JSON.parse(result.stdout), args.join(' ')).toEqual({ error: { code: 'journal_unavailable', message: expect.stringContaining(`no Backspace journal in schema "${mistyped}"`) } });
      expect(await schemaExists(mistyped), args.join(' ')).toBe(false);
    }
  });

  it('read-only commands run no migration: they finish while another process holds the migration lock', async () => {
    await withDirectConnection(async (client) => {
      await client.query('BEGIN');
      await client.query(`SELECT pg_advisory_xact_lock(${lockArguments(MIGRATION_LOCK, schema)})`);
      try {
        for (const args of [['verify'], ['sessions'], ['show', 'alpha'], ['approvals', 'list']]) {
          const result = await runCliTimed([...args, ...journal]);
          expect(result.exitedWithinLimit, `${args.join(' ')} waited for the migration lock`).toBe(true);
          expect(result.code, result.stderr).toBe(0);
        }
      } finally {
        await client.query('ROLLBACK');
      }
    });
  });

  it('a store opened read-only refuses appends and rollback locks, and still verifies', async () => {
    const store = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema, readOnly: true });
    try {
      const before = await entryCount(schema);
      await expect(store.append({ type: 'session.started', sessionId: 'beta', agentId: 'triage-bot', data: {} })).rejects.toMatchObject({ code: 'journal_unavailable', message: expect.stringMatching(/opened read-only/) });
      await expect(store.lockRollback('alpha', 'holder')).rejects.toMatchObject({ code: 'journal_unavailable', message: expect.stringMatching(/opened read-only/) });
      expect(await entryCount(schema)).toBe(before);
      expect((await store.verify()).ok).toBe(true);
    } finally {
      await store.close();
    }
  });

  it('a journal migrated by a newer Backspace is refused by read-only commands with a clear error', async () => {
    const newer = await openTestJournal();
    await withDirectConnection((client) => client.query(`INSERT INTO "${newer.schema}".schema_migrations (version, description) VALUES (99, 'from the future')`));
    const result = await runCliTimed(['verify', '--json', '--journal', TEST_DATABASE_URL, '--schema', newer.schema]);
    expect(result.exitedWithinLimit).toBe(true);
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).error.message).toMatch(/schema version 99, newer than this/);
  });

  it('plan refuses a journal whose chain is broken', async () => {
    const broken = await openTestJournal();
    await broken.append({ type: 'session.started', sessionId: 'gamma', agentId: 'triage-bot', data: {} });
    await broken.append({ type: 'session.ended', sessionId: 'gamma', agentId: 'triage-bot', data: {} });
    const clean = await runCliTimed(['plan', 'gamma', '--json', '--journal', TEST_DATABASE_URL, '--schema', broken.schema]);
    expect(clean.code, clean.stderr + clean.stdout).toBe(0);
    await tamper(broken.schema, [`UPDATE $schema.entries SET data = '{"reason":"edited"}' WHERE session_id = 'gamma' AND type = 'session.started'`]);
    const refused = await runCliTimed(['plan', 'gamma', '--json', '--journal', TEST_DATABASE_URL, '--schema', broken.schema]);
    expect(refused.exitedWithinLimit).toBe(true);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout)).toEqual({ error: { code: 'journal_tampered', message: expect.stringMatching(/hash chain breaks at entry \d+.*refusing to plan/) } });
  });
});
