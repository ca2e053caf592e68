// The operator's incident tools through the built `backspace` binary: part of a session (--only, with
// what it pulls in and leaves out), cascades (listed, then included), an incident across sessions,
// a resource's history by key and by link, and kill --rollback asking first. Checked in the GitHub
// simulator's own state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { runCli } from './support/cli.js';

describe('backspace: selective, incident and cascade rollback, history', () => {
  let github: GithubSimulator;
  let directory: string;
  let env: Record<string, string>;
  let owner: string;
  let repo: string;

  beforeAll(async () => {
    github = await createGithubSimulator();
    ({ owner, repo } = github.seed);
    env = { GITHUB_TOKEN: github.seed.tokens.agent };
  });
  afterAll(async () => {
    await github.close();
  });

  /** A fresh journal and config for one test, and a helper that runs agent sessions on it. */
  function workspace(name: string) {
    directory = mkdtempSync(join(tmpdir(), `backspace-cli-${name}-`));
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url } } }));
    const cli = (args: string[]) => runCli([...args, '--config', join(directory, 'backspace.config.json')], env, directory);
    const agent = async <T,>(agentId: string, work: (run: <R>(action: string, input: unknown) => Promise<R>) => Promise<T>, correlationId?: string) => {
      const journal = createSqliteJournal({ path: journalPath });
      const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [] });
      // Any action by name, as a generic agent loop calls them.
      const session: Session = await runtime.startSession({ agentId, ...(correlationId ? { correlationId } : {}) });
      try {
        const result = await work((action, input) => session.run(action, input));
        await session.end();
        const ids = (await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').map((entry) => entry.actionId!);
        return { sessionId: session.id, ids, result };
      } finally {
        await journal.close();
      }
    };
    return { cli, agent };
  }

  const issue = (number: number) => github.inspect().issues.get(number)!;
  const branchExists = (name: string) => github.inspect().git.refs.has(`refs/heads/${name}`);

  it('rollback --only takes the branch with the file on it, says why, and leaves the issue', async () => {
    const { cli, agent } = workspace('only');
    const { sessionId, ids, result } = await agent('release-bot', async (run) => {
      await run('github.branch.create', { owner, repo, ref: 'refs/heads/cli-only', sha: github.inspect().git.refs.get('refs/heads/main')! });
      await run('github.file.put', { owner, repo, path: 'docs/only.md', branch: 'cli-only', message: 'notes', content: Buffer.from('x\n').toString('base64') });
      return run<{ number: number }>('github.issue.create', { owner, repo, title: 'Keep me' });
    });
    const branchId = ids[0]!;

    const plan = await cli(['plan', sessionId.slice(0, 8), '--only', branchId.slice(0, 8), '--json']);
    expect(plan.code).toBe(0);
    const planned = plan.json<{ steps: { action: string; pulledIn?: string }[]; leftOut: { action: string }[] }>();
    expect(planned.steps.map((step) => step.action)).toEqual(['github.file.put', 'github.branch.create']);
    expect(planned.steps[0]!.pulledIn).toMatch(/cannot be undone once that is gone/);
    expect(planned.leftOut.map((step) => step.action)).toEqual(['github.issue.create']);
    const text = await cli(['plan', sessionId, '--only', branchId]);
    expect(text.stdout).toMatch(/left out by the selection \(1, not run/);

    const rolled = await cli(['rollback', sessionId, '--only', branchId.slice(0, 8), '--yes', '--json']);
    expect(rolled.code).toBe(0);
    expect(branchExists('cli-only')).toBe(false);
    expect(issue(result.number).state).toBe('open');
  });

  it('plan lists a later session of another agent as a cascade; --include-cascades rolls both back', async () => {
    const { cli, agent } = workspace('cascade');
    const target = await agent('triage-bot', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Checkout broken' }));
    const number = target.result.number;
    const later = await agent('docs-bot', (run) => run('github.issue.update', { owner, repo, issue_number: number, title: 'Checkout broken on Firefox' }));

    const plan = (await cli(['plan', target.sessionId, '--json'])).json<{ cascades: { sessionId: string; agentId: string }[]; steps: { status: string }[] }>();
    expect(plan.cascades).toEqual([expect.objectContaining({ sessionId: later.sessionId, agentId: 'docs-bot' })]);
    expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
    expect((await cli(['plan', target.sessionId])).stdout).toMatch(/later sessions built on these resources \(1, not rolled back; --include-cascades adds them\)/);

    const rolled = await cli(['rollback', target.sessionId, '--include-cascades', '--yes', '--json']);
    expect(rolled.code).toBe(0);
    expect(rolled.json<{ sessions: string[] }>().sessions).toEqual([target.sessionId, later.sessionId]);
    expect(issue(number)).toMatchObject({ state: 'closed', title: 'Checkout broken' });
  });

  it('plan names a later session that commented on the agent\'s issue as a cascade, and what it put inside', async () => {
    const { cli, agent } = workspace('cascade-inside');
    const target = await agent('triage-bot', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Login loops' }));
    const number = target.result.number;
    const later = await agent('support-bot', (run) => run<{ id: number }>('github.issue.comment.create', { owner, repo, issue_number: number, body: 'Seen by three customers' }));

    const plan = (await cli(['plan', target.sessionId, '--json'])).json<{ cascades: { sessionId: string; inside?: string[] }[] }>();
    expect(plan.cascades).toEqual([expect.objectContaining({ sessionId: later.sessionId, inside: [expect.stringContaining(String(later.result.id))] })]);
    expect((await cli(['plan', target.sessionId])).stdout).toMatch(new RegExp(`session ${later.sessionId} \\(agent support-bot.*\\n +put inside them: github.comment:[^\\n]*comment-${later.result.id}`));

    const rolled = await cli(['rollback', target.sessionId, '--include-cascades', '--yes', '--json']);
    expect(rolled.code).toBe(0);
    expect(issue(number).state).toBe('closed');
    expect(github.inspect().comments.get(later.result.id)).toBeUndefined();
  });

  it('incident rollback takes every session of an agent as one and refuses without --yes off a terminal', async () => {
    const { cli, agent } = workspace('incident');
    const first = await agent('sweeper', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Sweep 1' }), 'INC-9');
    const second = await agent('sweeper', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Sweep 2' }), 'INC-9');
    const other = await agent('someone-else', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Not in it' }));

    const plan = (await cli(['incident', 'plan', '--agent', 'sweeper', '--since', '1h', '--json'])).json<{ sessions: string[]; steps: { sessionId: string }[] }>();
    expect(plan.sessions).toEqual([second.sessionId, first.sessionId]);
    expect(plan.steps.map((step) => step.sessionId)).toEqual([second.sessionId, first.sessionId]);

    const refused = await cli(['incident', 'rollback', '--correlation', 'INC-9']);
    expect(refused.code).toBe(5);
    expect(issue(first.result.number).state).toBe('open');

    const rolled = await cli(['incident', 'rollback', '--correlation', 'INC-9', '--yes', '--json']);
    expect(rolled.code).toBe(0);
    expect(rolled.json<{ counts: { undone: number } }>().counts.undone).toBe(2);
    expect([issue(first.result.number).state, issue(second.result.number).state, issue(other.result.number).state]).toEqual(['closed', 'closed', 'open']);
    const none = await cli(['incident', 'plan', '--agent', 'nobody', '--json']);
    expect(none.code).toBe(1);
    expect(none.json<{ error: { code: string } }>().error.code).toBe('session_not_found');
  });

  it('incident rollback --session takes the sessions named (ids or prefixes), whoever ran them, and no other', async () => {
    const { cli, agent } = workspace('incident-sessions');
    const triage = await agent('triage-bot', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Duplicate of #1' }));
    const sweep = await agent('sweeper', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Also a duplicate' }));
    const kept = await agent('sweeper', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'A real issue' }));

    const rolled = await cli(['incident', 'rollback', '--session', `${triage.sessionId.slice(0, 8)},${sweep.sessionId}`, '--yes', '--json']);
    expect(rolled.code).toBe(0);
    expect(rolled.json<{ sessions: string[] }>().sessions.sort()).toEqual([triage.sessionId, sweep.sessionId].sort());
    expect([issue(triage.result.number).state, issue(sweep.result.number).state, issue(kept.result.number).state]).toEqual(['closed', 'closed', 'open']);
    const unknown = await cli(['incident', 'plan', '--session', 'ffffffff-no-such', '--json']);
    expect(unknown.code).toBe(1);
    expect(unknown.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'session_not_found', message: expect.stringContaining('ffffffff-no-such') });
  });

  it('history shows each state of a resource by key and by its GitHub link: before, after, undone', async () => {
    const { cli, agent } = workspace('history');
    const filed = await agent('triage-bot', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Slow search' }));
    const number = filed.result.number;
    const renamed = await agent('triage-bot', (run) => run('github.issue.update', { owner, repo, issue_number: number, title: 'Slow search on mobile' }));
    expect((await cli(['rollback', renamed.sessionId, '--yes'])).code).toBe(0);

    const key = `github.issue:${owner}/${repo}#${number}`.toLowerCase();
    const byKey = (await cli(['history', key, '--json'])).json<{ resource: string; history: { event: string; sessionId: string; state?: { title?: string } }[] }>();
    expect(byKey.resource).toBe(key);
    // A create's intent names no resource yet (the provider gives its id): its history starts after it.
    expect(byKey.history.map((item) => [item.event, item.state?.title])).toEqual([
      ['after', 'Slow search'],
      ['before', 'Slow search'],
      ['after', 'Slow search on mobile'],
      ['undone', 'Slow search'],
    ]);
    expect(issue(number).title).toBe('Slow search');
    const byLink = (await cli(['history', `https://github.com/${owner}/${repo}/issues/${number}`, '--json'])).json<{ resource: string; history: unknown[] }>();
    expect(byLink).toMatchObject({ resource: key, history: byKey.history });
    const table = await cli(['history', key]);
    expect(table.stdout).toMatch(new RegExp(`history of issue ${owner}/${repo}#${number} "Slow search"`, 'i'));
    const unknown = await cli(['history', 'https://example.com/nothing', '--json']);
    expect(unknown.json<{ error: { code: string } }>().error.code).toBe('invalid_input');
  });

  it('kill --rollback asks first: without a terminal and --yes nothing is killed; with --yes it kills, rolls back and shows what each rollback did', async () => {
    const { cli, agent } = workspace('kill');
    const run = await agent('runaway', (run) => run<{ number: number }>('github.issue.create', { owner, repo, title: 'Runaway' }));
    const refused = await cli(['kill', '--agent', 'runaway', '--reason', 'spam', '--rollback', '--json']);
    expect(refused.code).toBe(5);
    expect(refused.json<{ error: { code: string; message: string } }>().error).toMatchObject({ code: 'confirmation_required', message: expect.stringMatching(/nothing was killed/) });
    expect((await cli(['kill', '--list', '--json'])).json<{ kills: unknown[] }>().kills).toEqual([]);
    expect(issue(run.result.number).state).toBe('open');

    const killed = await cli(['kill', '--agent', 'runaway', '--reason', 'spam', '--rollback', '--yes']);
    expect(killed.code).toBe(0);
    // What each rollback did is shown, as `rollback` shows it.
    expect(killed.stdout).toMatch(new RegExp(`killed.*runaway[\\s\\S]*rolled back session ${run.sessionId}[\\s\\S]*verified.*github\\.issue\\.create`));
    expect((await cli(['kill', '--list', '--json'])).json<{ kills: unknown[] }>().kills).toHaveLength(1);
    expect(issue(run.result.number).state).toBe('closed');
  });
});
