// `backspace demo --journal <path>` writes a demo session (simulated agents' and people's edits, a
// rollback) into the journal it is given. Given an agents' real journal it would mix a made-up incident
// into their history, so it refuses any journal that is not a demo's (one whose every session `backspace
// demo` started), naming the path and leaving the file as it was. A new path, or a journal an earlier
// demo wrote, still works. Through the built binary; the journal checked on its bytes and sessions.
import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runCli } from './support/cli.js';
import { createRig } from './support/rig.js';
import { fingerprint } from './support/lost-answer.js';

/** An agents' journal: one session of an ordinary agent, closed. */
async function agentsJournal(): Promise<string> {
  const rig = createRig();
  const session = await rig.runtime.startSession({ agentId: 'support-bot', reason: 'triage' });
  await session.run('notes.note.create', { title: 'Customer summary', body: 'refund approved', tags: [] });
  await session.end();
  await rig.journal.close();
  return rig.path;
}

/**
 * The demo as `runCli` runs it, but stopped after 30 s: `--keep` and `--serve` run until Ctrl-C once they
 * start, so a regression that lets them past the check must fail the test, not leave them running.
 */
function runDemo(args: string[]): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { timeout: 30_000, killSignal: 'SIGTERM' }, (error, stdout) => resolve({ code: error ? (typeof error.code === 'number' ? error.code : -1) : 0, stdout }));
  });
}

const demoSessions = async (path: string) => (await runCli(['sessions', '--journal', path, '--json'])).json<{ sessions: { agentId: string }[] }>().sessions;

describe('backspace demo --journal', () => {
  it.each([[['demo']], [['demo', '--keep']], [['demo', '--serve', '--port', '0']]])('refuses an agents\' journal (%j), naming it, and leaves it as it was', async (command) => {
    const path = await agentsJournal();
    const before = fingerprint(path);
    const refused = await runDemo([...command, '--json', '--journal', path]);
    expect(refused.code).toBe(1);
    const { error } = JSON.parse(refused.stdout) as { error: { code: string; message: string } };
    expect(error.code).toBe('invalid_input');
    expect(error.message).toContain(path);
    expect(error.message).toMatch(/not a demo's/);
    expect(fingerprint(path)).toEqual(before);
    expect((await demoSessions(path)).map((session) => session.agentId)).toEqual(['support-bot']);
  }, 60_000);

  it('writes a new journal, and adds to a journal an earlier demo wrote', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'backspace-demo-journal-')), 'demo.db');
    for (let run = 1; run <= 2; run += 1) {
      const demo = await runCli(['demo', '--json', '--journal', path]);
      expect(demo.code, demo.stderr).toBe(0);
      expect(demo.json()).toMatchObject({ verification: { passed: true } });
      expect(await demoSessions(path)).toHaveLength(run);
    }
  }, 120_000);
});
