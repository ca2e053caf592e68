// The backspace binary as a tired operator meets it, piped (scripts, CI): targets that do not exist are
// errors and change nothing, ids by prefix, times typed as people type them, rollback that never runs
// without a yes, and lines that stay readable. Checked in the journal and the GitHub simulator directly.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';

describe('backspace for a tired operator', () => {
  let github: GithubSimulator;
  let directory: string;
  let journalPath: string;
  let env: Record<string, string>;
  let sessionId: string;
  let created: number;
  const longBody = `Steps to reproduce: ${'open the cart, add a gift card, check out; '.repeat(40)}`;

  const openJournal = () => createSqliteJournal({ path: journalPath });
  const agentRuntime = (journal = openJournal()) => ({ journal, runtime: createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [], killSwitchPollMs: 0 }) });
  const issue = (number: number) => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string }> }).issues.get(number)!;
  const kills = async () => {
    const journal = openJournal();
    try {
      return (await journal.entriesOfType(['kill'])).length;
    } finally {
      await journal.close();
    }
  };

  beforeAll(async () => {
    github = await createGithubSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-operator-'));
    journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url } } }));
    env = { GITHUB_TOKEN: github.seed.tokens.agent, COLUMNS: '' };
    const { journal, runtime } = agentRuntime();
    const session = await runtime.startSession({ agentId: 'triage-bot', reason: 'weekly triage' });
    sessionId = session.id;
    const { owner, repo } = github.seed;
    created = (await session.run('github.issue.create', { owner, repo, title: 'Checkout fails with a gift card', body: longBody })).number;
    await session.run('github.issue.update', { owner, repo, issue_number: github.seed.issueNumber, title: 'Renamed by the agent' });
    await session.end();
    // Two sessions whose ids share a prefix, and one that started three days ago.
    await journal.append({ type: 'session.started', sessionId: 'abcd1234-0000-4000-8000-000000000001', agentId: 'report-bot', data: { reason: null, metadata: {} } });
    await journal.append({ type: 'session.started', sessionId: 'abcd5678-0000-4000-8000-000000000002', agentId: 'report-bot', data: { reason: null, metadata: {} } });
    await journal.append({ type: 'session.started', sessionId: 'old00000-0000-4000-8000-000000000003', agentId: 'nightly-bot', at: new Date(Date.now() - 3 * 86_400_000).toISOString(), data: { reason: null, metadata: {} } });
    await journal.close();
  });
  afterAll(async () => github.close());

  it('backspace --version prints the package version, as text and as JSON', async () => {
    const { version } = JSON.parse(readFileSync(new URL('../packages/cli/package.json', import.meta.url), 'utf8')) as { version: string };
    const text = await runCli(['--version']);
    expect(text.code).toBe(0);
    expect(text.stdout.trim()).toBe(version);
    expect((await runCli(['--version', '--json'])).json()).toEqual({ version });
  });

  it('kill refuses a session or agent the journal does not know, and records no kill', async () => {
    const session = await runCli(['kill', '--session', 'nope', '--reason', 'incident 7', '--journal', journalPath, '--json']);
    expect(session.code).toBe(1);
    expect(session.json()).toEqual({ error: { code: 'session_not_found', message: 'no session nope in the journal; nothing was killed' } });
    const agent = await runCli(['kill', '--agent', 'triage-bto', '--reason', 'incident 7', '--journal', journalPath]);
    expect(agent.code).toBe(1);
    expect(agent.stderr).toMatch(/no agent triage-bto in the journal \(agents in the journal: nightly-bot, report-bot, triage-bot\); nothing was killed/);
    expect(await kills()).toBe(0);
  });

  it('kill by an id prefix stops that session, --by defaults to the OS user, kill --list shows it, resume lifts it', async () => {
    const killed = await runCli(['kill', '--session', sessionId.slice(0, 8), '--reason', 'incident 7', '--journal', journalPath, '--json']);
    expect(killed.code, killed.stdout).toBe(0);
    expect(killed.json()).toMatchObject({ killed: { sessionId } });
    const listed = (await runCli(['kill', '--list', '--journal', journalPath, '--json'])).json<{ kills: { scope: unknown; by: string; reason: string }[] }>();
    expect(listed.kills).toEqual([expect.objectContaining({ scope: { sessionId }, by: userInfo().username, reason: 'incident 7' })]);
    const table = await runCli(['kill', '--list', '--journal', journalPath]);
    expect(table.stdout).toMatch(new RegExp(`session ${sessionId}\\s+\\S+\\s+${userInfo().username}\\s+incident 7`));

    const notKilled = await runCli(['resume', '--agent', 'triage-bot', '--journal', journalPath, '--json']);
    expect(notKilled.code).toBe(1);
    expect(notKilled.json()).toEqual({ error: { code: 'kill_not_found', message: `no kill of agent triage-bot is in force (kills in force: session ${sessionId}); nothing was resumed` } });
    const resumed = await runCli(['resume', '--session', sessionId.slice(0, 6), '--journal', journalPath, '--json']);
    expect(resumed.json()).toEqual({ resumed: { sessionId } });
    expect((await runCli(['kill', '--list', '--journal', journalPath])).stdout.trim()).toBe('no kills in force');
  });

  it('a kill of an agent stops its next action in another process; resume lets it run again', async () => {
    expect((await runCli(['kill', '--agent', 'triage-bot', '--reason', 'drill', '--by', 'ops-alice', '--journal', journalPath])).code).toBe(0);
    const { journal, runtime } = agentRuntime();
    try {
      const session = await runtime.startSession({ agentId: 'triage-bot' });
      const { owner, repo } = github.seed;
      const refused = await session.run('github.issue.create', { owner, repo, title: 'after the kill' }).catch((error: unknown) => error);
      expect(BackspaceError.isInstance(refused) && refused.code).toBe('killed');
      expect((await runCli(['resume', '--agent', 'triage-bot', '--journal', journalPath])).stdout).toMatch(/resumed: agent triage-bot, by/);
      await expect(session.run('github.issue.create', { owner, repo, title: 'after the resume' })).resolves.toMatchObject({ title: 'after the resume' });
      await session.end();
    } finally {
      await journal.close();
    }
  });

  it('names sessions by an unambiguous prefix, as git does; an ambiguous one lists the candidates', async () => {
    const ambiguous = await runCli(['show', 'abcd', '--journal', journalPath, '--json']);
    expect(ambiguous.code).toBe(1);
    const { error } = ambiguous.json<{ error: { code: string; message: string } }>();
    expect(error.code).toBe('ambiguous_id');
    expect(error.message).toContain('abcd1234-0000-4000-8000-000000000001 (report-bot');
    expect(error.message).toContain('abcd5678-0000-4000-8000-000000000002 (report-bot');
    expect((await runCli(['show', 'abcd5', '--journal', journalPath, '--json'])).json()).toMatchObject({ sessionId: 'abcd5678-0000-4000-8000-000000000002' });
    // Too short to mean one session by chance.
    expect((await runCli(['show', sessionId.slice(0, 3), '--journal', journalPath, '--json'])).json()).toMatchObject({ error: { code: 'session_not_found' } });
  });

  it('names an action by a prefix of its id: show gives that action alone', async () => {
    const { timeline } = (await runCli(['show', sessionId, '--journal', journalPath, '--json'])).json<{ timeline: { actionId: string | null; action: string | null }[] }>();
    const update = timeline.find((item) => item.action === 'github.issue.update')!;
    const shown = (await runCli(['show', update.actionId!.slice(0, 10), '--journal', journalPath, '--json'])).json<{ sessionId: string; actionId: string; timeline: { action: string }[] }>();
    expect(shown).toMatchObject({ sessionId, actionId: update.actionId });
    expect(shown.timeline.map((item) => item.action)).toEqual(['github.issue.update']);
  });

  it('--since and --until take 2h, 7d, yesterday and ISO times', async () => {
    const ids = async (...args: string[]) => (await runCli(['sessions', '--journal', journalPath, '--json', ...args])).json<{ sessions: { id: string }[] }>().sessions.map((session) => session.id);
    const recent = await ids('--since', '2h');
    expect(recent).toContain(sessionId);
    expect(recent).not.toContain('old00000-0000-4000-8000-000000000003');
    expect(await ids('--since', '7d')).toContain('old00000-0000-4000-8000-000000000003');
    expect(await ids('--until', 'yesterday')).toEqual(['old00000-0000-4000-8000-000000000003']);
    expect(await ids('--since', new Date(Date.now() + 3_600_000).toISOString())).toEqual([]);
  });

  it('show keeps lines readable when piped (the whole input stays in --json)', async () => {
    const piped = await runCli(['show', sessionId, '--journal', journalPath]);
    expect(piped.code).toBe(0);
    expect(Math.max(...piped.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(160);
    expect(piped.stdout).toMatch(/input: \{.*…$/m);
    const narrow = await runCli(['show', sessionId, '--journal', journalPath], { COLUMNS: '80' });
    expect(Math.max(...narrow.stdout.split('\n').map((line) => line.length))).toBeLessThanOrEqual(80);
    const json = (await runCli(['show', sessionId, '--journal', journalPath, '--json'])).json<{ timeline: { input?: { body?: string } }[] }>();
    expect(json.timeline.some((item) => item.input?.body === longBody)).toBe(true);
  });

  it('names resources as people know them in plan and show; --json keeps the raw key beside the name', async () => {
    const { owner, repo } = github.seed;
    const text = await runCli(['plan', sessionId], env, directory);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`undo\\s+github\\.issue\\.create\\s+issue ${owner}/${repo}#${created} "Checkout fails with a gift card"`));
    const json = (await runCli(['plan', sessionId, '--json'], env, directory)).json<{ steps: { action: string; resource: string; described?: { label: string } }[] }>();
    expect(json.steps.find((step) => step.action === 'github.issue.create')).toMatchObject({ resource: `github.issue:${owner}/${repo}#${created}`, described: { label: `issue ${owner}/${repo}#${created} "Checkout fails with a gift card"` } });
    const shown = await runCli(['show', sessionId, '--journal', journalPath]);
    expect(shown.stdout).toContain(`on: issue ${owner}/${repo}#${github.seed.issueNumber} "Renamed by the agent"`);
  }, 60_000);

  it('rollback without a terminal and without --yes refuses (exit 5) and changes nothing; --yes rolls back', async () => {
    for (const args of [['rollback', sessionId], ['rollback', sessionId, '--json']]) {
      const refused = await runCli(args, env, directory);
      expect(refused.code, args.join(' ')).toBe(5);
      expect(`${refused.stdout}${refused.stderr}`).toMatch(/needs a confirmation and there is no terminal to ask .*pass --yes/);
    }
    expect(issue(created).state).toBe('open');
    expect(issue(github.seed.issueNumber).title).toBe('Renamed by the agent');

    const rolled = await runCli(['rollback', sessionId.slice(0, 8), '--yes', '--json'], env, directory);
    expect(rolled.code, rolled.stdout).toBe(0);
    expect(rolled.stdout).not.toMatch(/rolling back:/);
    expect(issue(created).state).toBe('closed');
    expect(issue(github.seed.issueNumber).title).not.toBe('Renamed by the agent');
    // Nothing left to run: nobody needs to say yes to nothing.
    const again = await runCli(['rollback', sessionId], env, directory);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/nothing to undo/);
  }, 60_000);
});
