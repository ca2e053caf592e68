// What an operator sees at 3 a.m.: one provider down while planning does not stop the others, the
// summary names what is left, the exit code says what to do next, and a crashed session is ended
// without --force. Run through the built `backspace` binary; checked in the simulators' own state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { runCli } from './support/cli.js';

describe('backspace rollback: outcomes and exit codes', () => {
  let github: GithubSimulator;
  let slack: SlackSimulator;
  let directory: string;
  let journalPath: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    github = await createGithubSimulator();
    slack = await createSlackSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-outcomes-'));
    journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url }, slack: { baseUrl: slack.url } } }));
    env = { GITHUB_TOKEN: github.seed.tokens.agent, SLACK_BOT_TOKEN: slack.seed.tokens.agent };
  });
  afterAll(async () => {
    await github.close();
    await slack.close();
  });

  async function agentSession(end: boolean) {
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({
      journal,
      adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url }), createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })],
      policy: [],
    });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const { owner, repo } = github.seed;
    const first = await session.run('github.issue.create', { owner, repo, title: 'Duplicate A' });
    const second = await session.run('github.issue.create', { owner, repo, title: 'Duplicate B' });
    const posted = await session.run('slack.message.post', { channel: slack.seed.channel, text: 'Filed two duplicates' });
    if (end) await session.end();
    await journal.close();
    return { sessionId: session.id, first: first.number, second: second.number, posted };
  }

  const issueState = (number: number) => github.inspect().issues.get(number)!.state;

  it('goes on when GitHub cannot be read while planning, exits 4, and finishes on the next run; a conflict left exits 3', async () => {
    const { sessionId, first, second, posted } = await agentSession(true);
    // A person comments on the second issue, through GitHub's REST API.
    const comment = await fetch(`${github.url}/repos/${github.seed.owner}/${github.seed.repo}/issues/${second}/comments`, {
      method: 'POST',
      headers: { authorization: `token ${github.seed.tokens.human}`, 'content-type': 'application/json', accept: 'application/vnd.github+json' },
      body: JSON.stringify({ body: 'This one is real, keep it' }),
    });
    expect(comment.status).toBe(201);

    // GitHub reads issues through GraphQL, and through REST where GraphQL cannot: both fail.
    github.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 503, times: 1000 });
    github.faults.inject({ method: 'GET', path: /^\/repos\/[^/]+\/[^/]+\/issues\/\d+/, kind: 'server-error', status: 503, times: 1000 });
    const blocked = await runCli(['rollback', sessionId, '--json', '--yes'], env, directory);
    expect(blocked.code, blocked.stderr).toBe(4);
    const report = blocked.json<{ counts: Record<string, number>; summary: string; steps: { action: string; outcome: string }[] }>();
    expect(report.counts).toMatchObject({ undone: 1, unreachable: 2 });
    expect(report.summary).toMatch(/2 unreachable \(roll back again to retry\)/);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['slack.message.post', 'verified'],
      ['github.issue.create', 'unreachable'],
      ['github.issue.create', 'unreachable'],
    ]);
    expect(slack.workspace.findMessage(posted.channel, posted.ts)).toBeUndefined();
    expect([issueState(first), issueState(second)]).toEqual(['open', 'open']);

    github.faults.clear();
    const again = await runCli(['rollback', sessionId, '--yes'], env, directory);
    expect(again.code, again.stderr).toBe(3);
    expect(again.stdout).toMatch(/1 undone and verified, 1 conflict\(s\) left in place/);
    expect([issueState(first), issueState(second)]).toEqual(['closed', 'open']);
  }, 60_000);

  it('gives up on a provider that answers slower than the configured timeoutMs: its steps are unreachable', async () => {
    const { sessionId } = await agentSession(true);
    const slow = join(directory, 'slow.config.json');
    writeFileSync(slow, JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url, timeoutMs: 300 }, slack: { baseUrl: slack.url } } }));
    github.faults.inject({ method: 'POST', path: '/graphql', kind: 'delay', ms: 3000, times: 1000 });
    github.faults.inject({ method: 'GET', path: /^\/repos\/[^/]+\/[^/]+\/issues\/\d+/, kind: 'delay', ms: 3000, times: 1000 });
    try {
      const plan = await runCli(['plan', sessionId, '--config', slow, '--json'], env, directory);
      expect(plan.code, plan.stderr).toBe(0);
      const steps = plan.json<{ steps: { action: string; status: string; reason: string }[] }>().steps.filter((step) => step.action === 'github.issue.create');
      expect(steps.map((step) => step.status)).toEqual(['unreachable', 'unreachable']);
      expect(steps[0]!.reason).toMatch(/time/i);
    } finally {
      github.faults.clear();
    }
  }, 60_000);

  it('takes Slack\'s app kind from the config, and names a wrong one', async () => {
    const { sessionId } = await agentSession(true);
    const write = (appKind: string) => {
      const file = join(directory, `slack-${appKind}.config.json`);
      writeFileSync(file, JSON.stringify({ journal: { path: journalPath }, adapters: { github: { baseUrl: github.url }, slack: { baseUrl: slack.url, appKind } } }));
      return file;
    };
    const plan = await runCli(['plan', sessionId, '--config', write('non-marketplace'), '--json'], env, directory);
    expect(plan.code, plan.stderr).toBe(0);
    const wrong = await runCli(['plan', sessionId, '--config', write('enterprise'), '--json'], env, directory);
    expect(wrong.code).toBe(1);
    expect(wrong.stdout).toMatch(/adapters\.slack\.appKind/);
  }, 60_000);

  it('tells how to end a session whose agent is gone, and plans it without --force once ended', async () => {
    const { sessionId, first } = await agentSession(false);
    const refused = await runCli(['plan', sessionId], env, directory);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(new RegExp(`backspace end ${sessionId}`));

    const ended = await runCli(['end', sessionId, '--by', 'ops@example.com', '--reason', 'agent crashed', '--json'], env, directory);
    expect(ended.code, ended.stderr).toBe(0);
    expect(ended.json()).toMatchObject({ sessionId, ended: true });
    const rolled = await runCli(['rollback', sessionId, '--json', '--yes'], env, directory);
    expect(rolled.code, rolled.stderr).toBe(0);
    expect(issueState(first)).toBe('closed');
    const endedAgain = await runCli(['end', sessionId, '--by', 'ops@example.com', '--json'], env, directory);
    expect(endedAgain.json()).toMatchObject({ ended: false, alreadyEnded: true });
  }, 60_000);
});
