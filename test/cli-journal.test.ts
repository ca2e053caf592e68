// The backspace binary on a journal: sessions, show, verify, kill/resume, approvals, and its errors.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { requireApprovalForIrreversible } from '@backspace/core';
import { openJournalFile } from '@backspace/testkit';
import { HUMAN_TOKEN, createRig } from './support/rig.js';
import { runCli } from './support/cli.js';

describe('backspace on a journal', () => {
  let path: string;
  let sessionId: string;
  let requestId: string;

  beforeAll(async () => {
    const rig = createRig({ policy: [requireApprovalForIrreversible()] });
    path = rig.path;
    const note = await rig.service.create(HUMAN_TOKEN, { title: 'keep', body: '', tags: [] });
    const session = await rig.runtime.startSession({ agentId: 'support-bot', reason: 'triage' });
    sessionId = session.id;
    await session.run('notes.note.create', { title: 'Agent note', body: `token sk-agent-9f8e7d6c5b4a` }, { reasoning: 'the customer asked for a summary' });
    const refused = (await session.run('notes.note.delete', { id: note.id }).catch((error: unknown) => error)) as { details: { requestId: string } };
    requestId = refused.details.requestId;
    await session.end();
    await rig.journal.close();
  });

  it('lists sessions, filtered by agent, as a table and as JSON', async () => {
    const table = await runCli(['sessions', '--journal', path]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/session\s+agent\s+started/);
    expect(table.stdout).toContain(sessionId);
    const json = await runCli(['sessions', '--journal', path, '--agent', 'support-bot', '--json']);
    expect(json.json<{ sessions: { id: string; agentId: string; actions: number }[] }>().sessions).toEqual([expect.objectContaining({ id: sessionId, agentId: 'support-bot', actions: 1 })]);
    expect((await runCli(['sessions', '--journal', path, '--agent', 'nobody', '--json'])).json()).toEqual({ sessions: [] });
    expect((await runCli(['sessions', '--journal', path, '--since', '2999-01-01', '--json'])).json()).toEqual({ sessions: [] });
    expect((await runCli(['sessions', '--journal', path, '--until', '2999-01-01', '--json'])).json<{ sessions: unknown[] }>().sessions).toHaveLength(1);
    const badTime = await runCli(['sessions', '--journal', path, '--since', 'last tuesday', '--json']);
    expect(badTime.code).toBe(1);
    expect(badTime.json()).toMatchObject({ error: { code: 'invalid_input', message: expect.stringMatching(/^--since must be an ISO time .*, got "last tuesday"$/) } });
  });

  it('shows a session’s timeline with reasoning, redacted input, outcome and inverse', async () => {
    const shown = await runCli(['show', sessionId, '--journal', path]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/notes\.note\.create\s+committed/);
    expect(shown.stdout).toContain('reasoning: the customer asked for a summary');
    expect(shown.stdout).toContain('inverse: delete note');
    expect(shown.stdout).toMatch(/notes\.note\.delete\s+awaiting approval/);
    expect(shown.stdout).not.toContain('sk-agent-9f8e7d6c5b4a');
    const json = (await runCli(['show', sessionId, '--journal', path, '--json'])).json<{ timeline: { action: string | null; outcome: string }[] }>();
    expect(json.timeline.filter((item) => item.action).map((item) => [item.action, item.outcome])).toEqual([
      ['notes.note.create', 'committed'],
      ['notes.note.delete', 'awaiting approval'],
    ]);
  });

  it('verifies the hash chain, and names the entry when it breaks', async () => {
    expect((await runCli(['verify', '--journal', path, '--json'])).json()).toMatchObject({ ok: true });
    const copy = join(mkdtempSync(join(tmpdir(), 'backspace-cli-')), 'tampered.db');
    writeFileSync(copy, readFileSync(path));
    const raw = openJournalFile(copy);
    raw.exec("DROP TRIGGER entries_no_update; UPDATE entries SET data = '{\"reason\":\"edited\"}' WHERE seq = 2");
    raw.close();
    const broken = await runCli(['verify', '--journal', copy]);
    expect(broken.code).toBe(1);
    expect(broken.stdout).toMatch(/broken: entry 2: content does not match its hash/);
  });

  it('lists, approves and refuses approvals', async () => {
    const listed = (await runCli(['approvals', 'list', '--journal', path, '--json'])).json<{ requests: { requestId: string; action: string }[] }>();
    expect(listed.requests).toEqual([expect.objectContaining({ requestId, action: 'notes.note.delete' })]);
    const approved = await runCli(['approvals', 'approve', requestId, '--by', 'ops@example.com', '--journal', path, '--json']);
    expect(approved.json()).toEqual({ approved: requestId });
    expect((await runCli(['approvals', '--journal', path, '--json'])).json()).toEqual({ requests: [] });
    const again = await runCli(['approvals', 'deny', requestId, '--by', 'ops', '--reason', 'late', '--journal', path, '--json']);
    expect(again.code).toBe(1);
    expect(again.json()).toMatchObject({ error: { code: 'approval_not_found' } });
  });

  it('pulls and lifts the kill switch', async () => {
    const killed = await runCli(['kill', '--agent', 'support-bot', '--reason', 'incident 7', '--by', 'ops', '--journal', path, '--json']);
    expect(killed.json()).toMatchObject({ killed: { agentId: 'support-bot' } });
    expect((await runCli(['resume', '--agent', 'support-bot', '--by', 'ops', '--journal', path, '--json'])).json()).toMatchObject({ resumed: { agentId: 'support-bot' } });
    const ambiguous = await runCli(['kill', '--all', '--agent', 'x', '--reason', 'r', '--by', 'b', '--journal', path]);
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toMatch(/exactly one of --all, --agent/);
  });
});

describe('backspace errors', () => {
  it('an unknown session: a clear message and a non-zero exit, as JSON too', async () => {
    const rig = createRig();
    await rig.journal.close();
    const human = await runCli(['show', 'no-such-session', '--journal', rig.path]);
    expect(human.code).toBe(1);
    expect(human.stderr).toMatch(/no session or action no-such-session in the journal/);
    const json = await runCli(['show', 'no-such-session', '--journal', rig.path, '--json']);
    expect(json.code).toBe(1);
    expect(json.json()).toEqual({ error: { code: 'session_not_found', message: 'no session or action no-such-session in the journal' } });
  });

  it('a malformed config names the problem', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-config-'));
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: 3 }, adapters: { github: {} } }));
    const result = await runCli(['sessions', '--json'], {}, directory);
    expect(result.code).toBe(1);
    expect(result.json<{ error: { message: string } }>().error.message).toMatch(/malformed: journal/);
    // An adapter no connector is named for, and a setting its connector does not take, both named at once.
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: 'j.db' }, adapters: { jira: {}, github: { baseUrl: 'not a url' } } }));
    const adapters = await runCli(['sessions', '--json'], {}, directory);
    expect(adapters.code).toBe(1);
    const message = adapters.json<{ error: { message: string } }>().error.message;
    expect(message).toMatch(/adapters\.jira: no connector is named jira \(known: asana, github, linear, notion, slack(, stripe)?;/);
    expect(message).toMatch(/adapters\.github\.baseUrl:/);
    expect(existsSync(join(directory, 'j.db'))).toBe(false);
  });

  it('a missing token names the environment variable, and nothing is written', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-config-'));
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: 'j.db' }, adapters: { github: {} } }));
    const result = await runCli(['plan', 'some-session', '--json'], { GITHUB_TOKEN: '' }, directory);
    expect(result.code).toBe(1);
    expect(result.json<{ error: { message: string } }>().error.message).toMatch(/set the GITHUB_TOKEN environment variable/);
    expect(existsSync(join(directory, 'j.db'))).toBe(false);
  });

  it('a corrupt or missing journal: a clear message, a non-zero exit, the file untouched', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-journal-'));
    const corrupt = join(directory, 'corrupt.db');
    writeFileSync(corrupt, 'not a database at all '.repeat(100));
    const result = await runCli(['sessions', '--journal', corrupt]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/not a SQLite database or is corrupt/);
    expect(readFileSync(corrupt, 'utf8')).toBe('not a database at all '.repeat(100));
    const missing = await runCli(['sessions', '--journal', join(directory, 'missing.db')]);
    expect(missing.stderr).toMatch(/no journal at .*missing.db/);
  });
});
