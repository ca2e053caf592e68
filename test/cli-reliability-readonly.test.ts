// Read-only commands open the journal read-only: they leave its file as it was, work on a journal the
// user may only read, and refuse what is not a Backspace journal without writing to it. Run through the
// built `backspace` binary; checked on disk.
import { chmodSync, chownSync, copyFileSync, existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireApprovalForIrreversible } from '@backspace/core';
import { openJournalFile } from '@backspace/testkit';
import { runCli } from './support/cli.js';
import { runCli as runCliAs, type CliRun } from '../packages/cli/src/test-cli.js';
import { HUMAN_TOKEN, createRig } from './support/rig.js';

const READ_ONLY_COMMANDS = (sessionId: string): string[][] => [['sessions'], ['show', sessionId], ['verify'], ['approvals', 'list'], ['sessions', '--json'], ['show', sessionId, '--json'], ['verify', '--json']];

/**
 * The file's bytes and modification time, the bytes in its WAL, and any other file beside it (a rollback
 * `-journal`). SQLite may leave an empty `-wal` and its `-shm` index beside a WAL journal read in place.
 */
function fingerprint(path: string) {
  const directory = dirname(path);
  const others = readdirSync(directory).filter((name) => name !== basename(path) && name !== `${basename(path)}-wal` && name !== `${basename(path)}-shm`);
  return { bytes: readFileSync(path).toString('base64'), mtimeMs: statSync(path).mtimeMs, walBytes: existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0, others };
}

/** A journal with a session (one committed action, one waiting for approval), closed. */
async function journalWithSession() {
  const rig = createRig({ policy: [requireApprovalForIrreversible()] });
  const note = await rig.service.create(HUMAN_TOKEN, { title: 'keep', body: '', tags: [] });
  const session = await rig.runtime.startSession({ agentId: 'support-bot', reason: 'triage' });
  await session.run('notes.note.create', { title: 'Agent note', body: 'summary' });
  await session.run('notes.note.delete', { id: note.id }).catch(() => undefined);
  await session.end();
  await rig.journal.close();
  const directory = mkdtempSync(join(tmpdir(), 'backspace-readonly-'));
  const path = join(directory, 'journal.db');
  copyFileSync(rig.path, path);
  return { path, directory, sessionId: session.id };
}

// A user other than root, for whom file modes mean something: root writes through 0444.
const NOBODY = 65534;
const asRoot = process.getuid?.() === 0;

function runCliAsOtherUser(args: string[]): Promise<CliRun> {
  return runCliAs(args, { cwd: tmpdir(), ...(asRoot ? { user: { uid: NOBODY, gid: NOBODY } } : {}) });
}

describe('read-only commands leave the journal as it was', () => {
  let journal: Awaited<ReturnType<typeof journalWithSession>>;
  beforeAll(async () => {
    journal = await journalWithSession();
  });

  it('sessions, show, verify and approvals list: same bytes, same modification time, nothing in a WAL', async () => {
    const before = fingerprint(journal.path);
    for (const args of READ_ONLY_COMMANDS(journal.sessionId)) {
      const result = await runCli([...args, '--journal', journal.path]);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(fingerprint(journal.path), args.join(' ')).toEqual(before);
    }
  });

  it('a journal the user may only read (0444, directory writable) verifies and lists', async () => {
    const { path, directory, sessionId } = await journalWithSession();
    chmodSync(path, 0o444);
    chmodSync(directory, 0o755);
    if (asRoot) {
      chownSync(directory, NOBODY, NOBODY);
      chownSync(path, NOBODY, NOBODY);
    }
    const before = fingerprint(path);
    const verified = await runCliAsOtherUser(['verify', '--json', '--journal', path]);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true, entries: expect.any(Number) });
    const shown = await runCliAsOtherUser(['show', sessionId, '--json', '--journal', path]);
    expect(shown.code, shown.stderr + shown.stdout).toBe(0);
    expect(fingerprint(path)).toEqual(before);
  });

  it('a journal in a directory the user may not write (no WAL files beside it) verifies and lists', async () => {
    const { path, directory, sessionId } = await journalWithSession();
    chmodSync(path, 0o444);
    chmodSync(directory, 0o555);
    const before = fingerprint(path);
    const verified = await runCliAsOtherUser(['verify', '--json', '--journal', path]);
    expect(verified.code, verified.stderr + verified.stdout).toBe(0);
    expect(JSON.parse(verified.stdout)).toMatchObject({ ok: true });
    const sessions = await runCliAsOtherUser(['sessions', '--json', '--journal', path]);
    expect(sessions.code, sessions.stderr).toBe(0);
    expect(JSON.parse(sessions.stdout).sessions.map((session: { id: string }) => session.id)).toEqual([sessionId]);
    expect(fingerprint(path)).toEqual(before);
  });
});

describe('what is not a Backspace journal is refused and left untouched', () => {
  const COMMANDS = [['verify'], ['sessions'], ['show', 'some-session'], ['approvals', 'list'], ['kill', '--all', '--reason', 'r', '--by', 'ops'], ['resume', '--all', '--by', 'ops'], ['plan', 'some-session'], ['rollback', 'some-session']];

  it("another application's SQLite file: refused by every command, byte for byte the same afterwards", async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-foreign-'));
    const path = join(directory, 'foreign.db');
    const other = openJournalFile(path);
    other.exec("CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO customers (name) VALUES ('Ada')");
    other.close();
    const before = fingerprint(path);
    for (const args of COMMANDS) {
      const result = await runCli([...args, '--journal', path, '--json']);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.json(), args.join(' ')).toEqual({ error: { code: 'journal_unavailable', message: `${path} is a SQLite database but not a Backspace journal (it has tables customers)` } });
      expect(fingerprint(path), args.join(' ')).toEqual(before);
    }
  });

  it('a zero-byte file is refused, not turned into a journal', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-empty-'));
    const path = join(directory, 'empty.db');
    writeFileSync(path, '');
    for (const args of COMMANDS) {
      const result = await runCli([...args, '--journal', path, '--json']);
      expect(result.code, args.join(' ')).toBe(1);
      expect(result.json(), args.join(' ')).toEqual({ error: { code: 'journal_unavailable', message: `${path} is an empty file, not a Backspace journal` } });
      expect(statSync(path).size, args.join(' ')).toBe(0);
      expect(readdirSync(directory), args.join(' ')).toEqual(['empty.db']);
    }
  });

  it('a journal written by a newer Backspace is refused by read-only commands too, and left as it was', async () => {
    const { path } = await journalWithSession();
    const raw = openJournalFile(path);
    raw.prepare("UPDATE backspace_meta SET value = '99' WHERE key = 'schema_version'").run();
    raw.close();
    const before = fingerprint(path);
    for (const args of [['verify'], ['sessions']]) {
      const result = await runCli([...args, '--journal', path, '--json']);
      expect(result.code).toBe(1);
      expect(result.json<{ error: { message: string } }>().error.message).toMatch(/schema version 99, newer than this Backspace understands/);
    }
    expect(fingerprint(path)).toEqual(before);
  });
});
