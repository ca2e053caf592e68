// Issue #22: plan and show name Slack channels and people as people know them (#general, Dana
// Whitfield), asked of Slack once per command; --json keeps the raw keys and ids, and a lookup that
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
    posted = await session.run<{ ts: string; channel: string }>('slack.message.post', { channel: slack.seed.channel, text: 'Deploy finished, all green' });
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
