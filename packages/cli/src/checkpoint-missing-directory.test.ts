// `backspace checkpoint` with security.checkpoints in a directory that does not exist: a typed error
// naming that directory (not `internal_error` with a bare ENOENT), and nothing created, neither the
// directory nor the file, and the journal untouched. Through the built binary; the file system and the
// journal file are read back directly.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runCli } from './test-cli.js';

/** What the directory holds besides the journal's own SQLite files (a read-only open may leave -wal and -shm). */
const besidesJournal = (root: string) => readdirSync(root).filter((name) => !name.startsWith('journal.db')).sort();

describe('backspace checkpoint into a directory that does not exist', () => {
  it('invalid_config naming the directory, exit 1, nothing created', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backspace-checkpoint-dir-'));
    const journalPath = join(root, 'journal.db');
    const journal = createSqliteJournal({ path: journalPath });
    const session = await createRuntime({ journal, adapters: [] }).startSession({ agentId: 'triage-bot' });
    await session.end();
    await journal.close();
    const missing = join(root, 'audit', 'offsite');
    const config = join(root, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, security: { checkpoints: join(missing, 'checkpoints.jsonl') } }));
    const before = readFileSync(journalPath);

    const result = await runCli(['checkpoint', '--config', config, '--json'], { cwd: root });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(missing);
    expect(error.message).not.toMatch(/ENOENT/);
    expect(existsSync(join(root, 'audit'))).toBe(false);
    expect(besidesJournal(root)).toEqual(['backspace.config.json']);
    expect(readFileSync(journalPath).equals(before)).toBe(true);
  });

  it('a file where the directory should be: refused the same way, the file untouched', async () => {
    const root = mkdtempSync(join(tmpdir(), 'backspace-checkpoint-dir-'));
    const journalPath = join(root, 'journal.db');
    const journal = createSqliteJournal({ path: journalPath });
    await journal.close();
    writeFileSync(join(root, 'nested'), 'notes\n');
    const config = join(root, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, security: { checkpoints: join(root, 'nested', 'checkpoints.jsonl') } }));

    const result = await runCli(['checkpoint', '--config', config, '--json'], { cwd: root });
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_config');
    expect(error.message).toContain(join(root, 'nested'));
    expect(error.message).not.toMatch(/ENOTDIR/);
    expect(besidesJournal(root)).toEqual(['backspace.config.json', 'nested']);
    expect(readFileSync(join(root, 'nested'), 'utf8')).toBe('notes\n');
  });
});
