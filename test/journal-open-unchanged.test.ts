// Opening a journal to write, when nothing in it is out of date, leaves its file as it was: an operator's
// checksum, backup or `ls -l` sees no change from a command that appended nothing, and a journal whose
// history was edited is refused exactly as it was found (the evidence untouched). Checked on the file's bytes.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { openJournalFile } from '@backspace/testkit';
import { runCli } from './support/cli.js';
import { tempJournalPath } from './support/rig.js';

/** The file's bytes by hash, its modification time, and whether a WAL with entries was left beside it. */
function fingerprint(path: string) {
  return { sha256: createHash('sha256').update(readFileSync(path)).digest('hex'), mtimeMs: statSync(path).mtimeMs, walBytes: existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0 };
}

/** A journal of the current schema with one ended session, closed. */
async function currentJournal(): Promise<{ path: string; sessionId: string }> {
  const path = tempJournalPath();
  const journal = createSqliteJournal({ path });
  const session = await createRuntime({ journal, adapters: [] }).startSession({ agentId: 'triage-bot', reason: 'test' });
  await session.end();
  await journal.close();
  return { path, sessionId: session.id };
}

describe('a writable open of an up-to-date journal', () => {
  it('leaves the file byte for byte as it was', async () => {
    const { path } = await currentJournal();
    const before = fingerprint(path);
    await new Promise((resolve) => setTimeout(resolve, 20));
    const journal = createSqliteJournal({ path, create: false });
    expect((await journal.verify()).ok).toBe(true);
    await journal.close();
    expect(fingerprint(path)).toEqual(before);
  });

  it('leaves a journal whose history was edited as it was found when a rollback refuses it', async () => {
    const { path, sessionId } = await currentJournal();
    // A forger edits an entry and puts the guard back, as a careful one would.
    const raw = openJournalFile(path);
    const guard = (raw.prepare("SELECT sql FROM sqlite_master WHERE name = 'entries_no_update'").get() as { sql: string }).sql;
    raw.exec('DROP TRIGGER entries_no_update');
    raw.prepare("UPDATE entries SET data = ? WHERE type = 'session.started'").run(JSON.stringify({ reason: 'forged' }));
    raw.exec(guard);
    raw.close();
    const before = fingerprint(path);
    await new Promise((resolve) => setTimeout(resolve, 20));

    const refused = await runCli(['rollback', sessionId, '--yes', '--json', '--journal', path]);
    expect(refused.code).toBe(1);
    expect(refused.json()).toMatchObject({ error: { code: 'journal_tampered' } });
    expect(fingerprint(path)).toEqual(before);
  });
});
