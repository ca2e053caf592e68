// A time an operator mistypes at 3 a.m. is refused, never read as some other time. JavaScript's Date
// rolls an impossible calendar date over (2026-02-30 is 2 March), and a duration too long for a Date
// fails deep inside with "Invalid time value". Run through the built binary; the journal is read back
// with better-sqlite3, never through the CLI.
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runCli } from './test-cli.js';

let path: string;

beforeAll(async () => {
  path = join(mkdtempSync(join(tmpdir(), 'backspace-times-')), 'journal.db');
  // One session of triage-bot started on 1 March 2026, and ended.
  const journal = createSqliteJournal({ path });
  const runtime = createRuntime({ journal, adapters: [], clock: { now: () => Date.parse('2026-03-01T12:00:00.000Z'), sleep: async () => undefined } });
  const session = await runtime.startSession({ agentId: 'triage-bot', reason: 'work the queue' });
  await runtime.endSession(session.id, { by: 'ops', reason: 'done' });
  await journal.close();
});

const rollbacksRecorded = () => {
  const db = new Database(path, { readonly: true });
  try {
    return (db.prepare("SELECT COUNT(*) AS n FROM entries WHERE type LIKE 'rollback.%'").get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe('an impossible date or an endless duration', () => {
  let before: Buffer;
  beforeAll(() => {
    before = readFileSync(path);
  });
  afterAll(() => {
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it.each([
    ['30 February', ['sessions', '--until', '2026-02-30'], '--until', '2026-02-30'],
    ['31 April', ['sessions', '--since', '2026-04-31T09:30Z'], '--since', '2026-04-31T09:30Z'],
    ['29 February 2100 (a century, not a leap year)', ['sessions', '--until', '2100-02-29'], '--until', '2100-02-29'],
    ['hour 24', ['sessions', '--since', '2026-03-01T24:00Z'], '--since', '2026-03-01T24:00Z'],
    ['a duration longer than a Date holds', ['sessions', '--since', '99999999999d'], '--since', '99999999999d'],
  ])('%s: invalid_input naming the option and the value, exit 1, no stack', async (_name, args, option, value) => {
    const result = await runCli([...args, '--journal', path, '--json']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const { error } = JSON.parse(result.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(option);
    expect(error.message).toContain(value);
  });

  it('an incident rollback "until 30 February" does not take in a session of 1 March', async () => {
    const result = await runCli(['incident', 'rollback', '--agent', 'triage-bot', '--since', '2026-02-27', '--until', '2026-02-30', '--yes', '--journal', path, '--json']);
    expect(result.code).toBe(1);
    expect((JSON.parse(result.stdout) as { error: { code: string } }).error.code).toBe('invalid_input');
    expect(rollbacksRecorded()).toBe(0);
  });
});
