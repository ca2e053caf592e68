// --journal or --config naming a directory (a tab-completed path cut short, a volume mounted where the
// file should be): the operator is told it is a directory, not SQLite's "disk I/O error" or "unable to
// open database file", nor "not valid JSON: EISDIR"; and nothing is made inside it.
import { mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from './support/cli.js';

describe('a journal or config path that is a directory', () => {
  const directory = mkdtempSync(join(tmpdir(), 'backspace-path-directory-'));
  const journals = join(directory, 'journals');
  mkdirSync(journals);

  it.each([['sessions'], ['verify'], ['end', 'abcd1234']])('backspace %s --journal <directory>: a clear journal_unavailable, nothing created', async (...args) => {
    const result = await runCli([...args, '--journal', journals, '--json'], {}, directory);
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error).toMatchObject({ code: 'journal_unavailable' });
    expect(error.message).toContain(`${journals} is a directory`);
    expect(readdirSync(journals)).toEqual([]);
    expect(readdirSync(directory).sort()).toEqual(['journals']);
  });

  it('backspace sessions --config <directory>: says the config is a directory', async () => {
    const result = await runCli(['sessions', '--config', journals], {}, directory);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`config file ${journals} is a directory`);
  });
});
