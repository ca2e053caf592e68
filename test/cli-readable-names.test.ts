// Issue #22: plan and show name Slack channels and people as people know them (#general, Dana
// Whitfield), asked of Slack once per command (plan and history name Linear's and Asana's people and a
// comment's issue the same way); --json keeps the raw keys and ids, and a lookup that
// fails leaves the ids without failing the command. Run through the built `backspace` binary;
// expectations read from the simulator's own state.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, type SlackSimulator } from '@backspace/slack/simulator';
import { createAsanaAdapter } from '@backspace/asana';
import { createAsanaSimulator, type AsanaSimulator } from '@backspace/asana/simulator';
import { createLinearAdapter } from '@backspace/linear';
import { createLinearSimulator, type LinearSimulator } from '@backspace/linear/simulator';
import { runCli } from './support/cli.js';

describe('backspace plan and show: Slack channels and people by name', () => {
  let slack: SlackSimulator;
  let directory: string;
  let env: Record<string, string>;
  let sessionId: string;
  let posted: { channel: string; ts: string };

  beforeAll(async () => {
    slack = await createSlackSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-names-'));
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { slack: { baseUrl: slack.url } } }));
    // Wide enough that no table cell is cut short.
    env = { SLACK_BOT_TOKEN: slack.seed.tokens.agent, COLUMNS: '300' };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'announcer' });
    posted = await session.run('slack.message.post', { channel: slack.seed.channel, text: 'Deploy finished, all green' });
    await session.end();
    await journal.close();
    sessionId = session.id;
    // A person replies to the agent's message: she is in the blast radius of undoing it.
    await slack.client(slack.seed.tokens.human).chat.postMessage({ channel: posted.channel, thread_ts: posted.ts, text: 'Thanks!' });
  });
  afterAll(async () => slack?.close());

  const channelName = () => `#${slack.workspace.channels.get(slack.seed.channel)!.name}`;
  const personName = () => slack.workspace.members.get(slack.seed.humanUserId)!.realName;

  it('plan prints the channel by name and the person by name, asking Slack once for each', async () => {
    slack.log.clear();
    const text = await runCli(['plan', sessionId], env, directory);
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`slack\\.message\\.post\\s+message "Deploy finished, all green" in ${channelName()} at ${posted.ts.replace('.', '\\.')}`));
    expect(text.stdout).toMatch(new RegExp(`people: ${personName()}`));
    expect(text.stdout).not.toContain(slack.seed.humanUserId);
    const lookups = slack.log.entries().filter((entry) => entry.path === '/api/conversations.info' || entry.path === '/api/users.info');
    expect(lookups.map((entry) => entry.path).sort()).toEqual(['/api/conversations.info', '/api/users.info']);
  }, 60_000);

  it('plan --json keeps the raw key and the person\'s id, the name beside the key', async () => {
    const json = (await runCli(['plan', sessionId, '--json'], env, directory)).json<{ steps: { resource: string; described?: { label: string } }[]; blastRadius: { actors: string[] } }>();
    expect(json.steps[0]).toMatchObject({ resource: `slack.message:${posted.channel}/${posted.ts}`, described: { label: expect.stringContaining(`in ${channelName()}`) } });
    expect(json.blastRadius.actors).toEqual([slack.seed.humanUserId]);
  }, 60_000);

  it('show names the channel; without a token or when Slack fails it prints the id and still succeeds', async () => {
    const shown = await runCli(['show', sessionId], env, directory);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain(`on: message "Deploy finished, all green" in ${channelName()} at ${posted.ts}`);

    const tokenless = await runCli(['show', sessionId], { ...env, SLACK_BOT_TOKEN: undefined }, directory);
    expect(tokenless.code, tokenless.stderr).toBe(0);
    expect(tokenless.stdout).toContain(`on: message "Deploy finished, all green" in ${posted.channel} at ${posted.ts}`);

    slack.faults.inject({ method: 'POST', path: '/api/conversations.info', kind: 'server-error', status: 503, times: 100 });
    slack.faults.inject({ method: 'POST', path: '/api/users.info', kind: 'server-error', status: 503, times: 100 });
    try {
      const failing = await runCli(['plan', sessionId], env, directory);
      expect(failing.code, failing.stderr).toBe(0);
      expect(failing.stdout).toContain(`in ${posted.channel} at ${posted.ts}`);
      expect(failing.stdout).toMatch(new RegExp(`people: ${slack.seed.humanUserId}`));
    } finally {
      slack.faults.clear();
    }
  }, 60_000);
});

// The same for Linear, whose people and issues are UUIDs: the blast radius and `backspace history` name
// the person (users looked up in one request) and a comment's issue by its identifier.
describe('backspace plan and history: Linear people and a comment\'s issue by name', () => {
  let linear: LinearSimulator;
  let directory: string;
  let env: Record<string, string>;
  let sessionId: string;
  let issue: { id: string; identifier: string };
  let comment: { id: string };

  beforeAll(async () => {
    linear = await createLinearSimulator();
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-names-linear-'));
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { linear: { baseUrl: linear.url } } }));
    env = { LINEAR_API_KEY: linear.seed.tokens.agent, COLUMNS: '300' };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createLinearAdapter({ token: linear.seed.tokens.agent, baseUrl: linear.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    // The agent files an issue for a person (she is in the blast radius of undoing it) and comments on it.
    issue = await session.run('linear.issue.create', { teamId: linear.seed.teamId, title: 'Refunds stall at the bank step', assigneeId: linear.seed.users.human });
    comment = await session.run('linear.comment.create', { issueId: issue.id, body: 'Seen in three tickets today.' });
    await session.end();
    await journal.close();
    sessionId = session.id;
  });
  afterAll(async () => linear?.close());

  const personName = () => linear.state.users.get(linear.seed.users.human)!.name;
  const identifier = () => linear.state.identifier(linear.state.issues.get(issue.id)!);
  /** The CLI's name lookups while `run` ran: requests sending the adapter's names document, counted at the simulator. */
  async function nameLookups<T>(run: () => Promise<T>): Promise<{ result: T; lookups: number }> {
    linear.faults.clear();
    const sendsNames = (request: { body?: unknown }) => String((request.body as { query?: unknown } | undefined)?.query ?? '').includes('backspaceNames');
    linear.faults.inject({ method: 'POST', path: '/graphql', when: sendsNames, kind: 'delay', ms: 0, clock: 'real', times: 100 });
    try {
      const result = await run();
      return { result, lookups: linear.faults.fired().length };
    } finally {
      linear.faults.clear();
    }
  }

  it('plan names the person in the blast radius, asking Linear once', async () => {
    const { result: text, lookups } = await nameLookups(() => runCli(['plan', sessionId], env, directory));
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`people: .*${personName()}`));
    expect(text.stdout).not.toContain(linear.seed.users.human);
    expect(lookups).toBe(1);
  }, 60_000);

  it('history names the people in the issue\'s states and a comment\'s issue, asking Linear once', async () => {
    const { result: issueHistory, lookups } = await nameLookups(() => runCli(['history', `linear.issue:${issue.id}`], env, directory));
    expect(issueHistory.code, issueHistory.stderr).toBe(0);
    expect(issueHistory.stdout).toContain(`history of issue ${identifier()} "Refunds stall at the bank step"`);
    expect(issueHistory.stdout).toMatch(new RegExp(`people: .*${personName()}`));
    expect(issueHistory.stdout.split('\n').find((line) => line.startsWith('people:'))).not.toContain(linear.seed.users.human);
    expect(lookups).toBe(1);

    const commentHistory = await runCli(['history', `linear.comment:${comment.id}`], env, directory);
    expect(commentHistory.code, commentHistory.stderr).toBe(0);
    expect(commentHistory.stdout).toContain(`history of comment "Seen in three tickets today." on ${identifier()}`);

    // Without a token, the ids stay and the command still succeeds.
    const tokenless = await runCli(['history', `linear.issue:${issue.id}`], { ...env, LINEAR_API_KEY: undefined }, directory);
    expect(tokenless.code, tokenless.stderr).toBe(0);
    expect(tokenless.stdout).toMatch(new RegExp(`people: .*${linear.seed.users.human}`));
  }, 60_000);
});

// And for Asana, whose people are `asana:user:<gid>`: the blast radius and history of a task assigned
// to a person print her name (one users.getUser for her) instead of her gid.
describe('backspace plan and history: an Asana person by name', () => {
  let asana: AsanaSimulator;
  let directory: string;
  let env: Record<string, string>;
  let sessionId: string;
  // Asana answers a task as a loose object (AsanaObject): its gid is a string.
  let task: Record<string, string>;

  beforeAll(async () => {
    asana = await createAsanaSimulator({ requestsPerMinute: false });
    directory = mkdtempSync(join(tmpdir(), 'backspace-cli-names-asana-'));
    const journalPath = join(directory, 'journal.db');
    writeFileSync(join(directory, 'backspace.config.json'), JSON.stringify({ journal: { path: journalPath }, adapters: { asana: { baseUrl: asana.url } } }));
    env = { ASANA_TOKEN: asana.tokens.agent, COLUMNS: '300' };
    const journal = createSqliteJournal({ path: journalPath });
    const runtime = createRuntime({ journal, adapters: [createAsanaAdapter({ token: asana.tokens.agent, baseUrl: asana.url })], policy: [] });
    const session = await runtime.startSession({ agentId: 'planner' });
    task = await session.run('asana.task.create', { name: 'Book the venue', projects: [asana.seed.projectGid], assignee: asana.seed.users.teammate });
    await session.end();
    await journal.close();
    sessionId = session.id;
  });
  afterAll(async () => asana?.close());

  const teammate = () => asana.store.state.users.find((user) => user.gid === asana.seed.users.teammate)!;
  const userLookups = () => asana.log.entries().filter((entry) => entry.path === `/api/1.0/users/${asana.seed.users.teammate}`);

  it('plan and history print the assignee\'s name, not her gid, asking Asana once each', async () => {
    asana.log.clear();
    const plan = await runCli(['plan', sessionId], env, directory);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toMatch(new RegExp(`people: .*${teammate().name}`));
    expect(plan.stdout).not.toContain(`asana:user:${teammate().gid}`);
    expect(userLookups()).toHaveLength(1);

    asana.log.clear();
    const history = await runCli(['history', `asana.task:${task.gid}`], env, directory);
    expect(history.code, history.stderr).toBe(0);
    expect(history.stdout).toContain('history of task "Book the venue"');
    expect(history.stdout).toMatch(new RegExp(`people: .*${teammate().name}`));
    expect(history.stdout.split('\n').find((line) => line.startsWith('people:'))).not.toContain(teammate().gid);
    expect(userLookups()).toHaveLength(1);
  }, 60_000);
});
