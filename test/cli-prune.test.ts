// `backspace prune` on a SQLite journal: plans and removes whole sessions past retention, asks first,
// refuses bad periods, and the journal read back directly holds what an operator expects.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { openJournalFile } from '@backspace/testkit';
import { createRig, manualClock } from './support/rig.js';
import { runCli } from './support/cli.js';

const DAY = 86_400_000;

/** Session ids left in the journal file, read around the CLI. */
function sessionsIn(path: string): string[] {
  const db = openJournalFile(path, { readOnly: true });
  try {
    return (db.prepare('SELECT DISTINCT session_id FROM entries WHERE session_id IS NOT NULL ORDER BY seq').all() as { session_id: string }[]).map((row) => row.session_id);
  } finally {
    db.close();
  }
}

describe('backspace prune', () => {
  let path: string;
  let oldSession: string;
  let runningSession: string;

  beforeEach(async () => {
    const clock = manualClock(Date.now() - 200 * DAY);
    const rig = createRig({ clock });
    path = rig.path;
    const old = await rig.runtime.startSession({ agentId: 'support-bot', reason: 'last spring' });
    await old.run('notes.note.create', { title: 'old note', body: '', tags: [] });
    await old.end();
    oldSession = old.id;
    // Started as long ago, but still running: it stays whole.
    const running = await rig.runtime.startSession({ agentId: 'support-bot', reason: 'never ended' });
    await running.run('notes.note.create', { title: 'still going', body: '', tags: [] });
    clock.advance(199 * DAY);
    await running.run('notes.note.create', { title: 'yesterday', body: '', tags: [] });
    runningSession = running.id;
    await rig.journal.close();
  });

  it('shows what a dry run would remove, then removes it with --yes; the rest verifies', async () => {
    const dry = await runCli(['prune', '--dry-run', '--journal', path, '--json']);
    expect(dry.code).toBe(0);
    expect(dry.json()).toMatchObject({ dryRun: true, sessions: [oldSession], anchor: null, heldBack: { reason: expect.stringContaining(`session ${runningSession} is still running`) } });
    expect(sessionsIn(path)).toEqual([oldSession, runningSession]);

    const refused = await runCli(['prune', '--journal', path, '--json']);
    expect(refused.json()).toMatchObject({ error: { code: 'confirmation_required' } });
    expect(sessionsIn(path)).toEqual([oldSession, runningSession]);

    const pruned = await runCli(['prune', '--yes', '--journal', path]);
    expect(pruned.code).toBe(0);
    expect(pruned.stdout).toMatch(/pruned: removed \d+ entries through entry \d+, 1 sessions whole/);
    expect(pruned.stdout).toContain(`session ${runningSession} is still running`);
    expect(sessionsIn(path)).toEqual([runningSession]);
    expect((await runCli(['verify', '--journal', path, '--json'])).json()).toMatchObject({ ok: true, pruned: { throughSeq: expect.any(Number), writer: null } });
    expect((await runCli(['verify', '--journal', path])).stdout).toMatch(/^pruned: the journal starts after entry \d+ \(\d+ entries removed by prunes, the last at 20\d\d-/m);
    expect((await runCli(['show', runningSession, '--journal', path, '--json'])).json<{ timeline: unknown[] }>().timeline.length).toBeGreaterThan(0);
  });

  it('takes the retention from the config, and --older-than over it', async () => {
    const config = join(mkdtempSync(join(tmpdir(), 'backspace-prune-')), 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path }, retention: '300d' }));
    expect((await runCli(['prune', '--yes', '--config', config, '--json'])).json()).toMatchObject({ entries: 0, sessions: [] });
    expect(sessionsIn(path)).toEqual([oldSession, runningSession]);
    expect((await runCli(['prune', '--yes', '--config', config, '--older-than', '26w', '--json'])).json()).toMatchObject({ sessions: [oldSession] });
    expect(sessionsIn(path)).toEqual([runningSession]);
  });

  it('refuses a period it cannot read, from the flag or the config, removing nothing', async () => {
    const flag = await runCli(['prune', '--yes', '--older-than', '3 months', '--journal', path, '--json']);
    expect(flag.code).toBe(1);
    expect(flag.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/^--older-than: "3 months" is not a retention period; use .* 90d, 12w or 36h$/) } });
    const config = join(mkdtempSync(join(tmpdir(), 'backspace-prune-')), 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path }, retention: '0d' }));
    expect((await runCli(['prune', '--yes', '--config', config, '--json'])).json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringContaining('retention in the config: "0d"') } });
    expect(sessionsIn(path)).toEqual([oldSession, runningSession]);
  });
});
