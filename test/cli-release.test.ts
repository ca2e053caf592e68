// `backspace release <session>` as an operator runs it: the built binary over a SQLite journal where an
// agent's session held an irreversible Slack delete; `--list` shows it held and sends nothing, the
// release sends it once, a second release nothing. Read back from the Slack simulator's state and log.
// Needs `pnpm build` first.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, inspectChannel, type SlackSimulator } from '@backspace/slack/simulator';
import { runCli } from './support/cli.js';

const liveTexts = (slack: SlackSimulator, channel: string) =>
  (inspectChannel(slack.workspace, slack.workspace.channels.get(channel)!) as { messages: { text: string; tombstone: boolean }[] }).messages.filter((message) => !message.tombstone).map((message) => message.text);

describe('backspace release', () => {
  let slack: SlackSimulator;
  let directory: string;
  let journalPath: string;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    slack = await createSlackSimulator({ rateLimits: false });
    directory = mkdtempSync(join(tmpdir(), 'backspace-release-'));
    journalPath = join(directory, 'agents.db');
    config = join(directory, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, adapters: { slack: { baseUrl: slack.url } } }));
    env = { SLACK_BOT_TOKEN: slack.seed.tokens.agent, NO_COLOR: '1' };
  });
  afterAll(async () => slack.close());

  it('lists the held delete, then sends it once when a person commits the session', async () => {
    const { channel } = slack.seed;
    const ts = String((await slack.client(slack.seed.tokens.agent).chat.postMessage({ channel, text: 'Launch moved to Friday' })).ts);
    const journal = createSqliteJournal({ path: journalPath });
    const agent = createRuntime({ journal, adapters: [createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })], policy: [] });
    const session = await agent.startSession({ agentId: 'cleanup-agent', defer: 'irreversible' });
    await session.run('slack.message.delete', { channel, ts });
    await session.end();
    await journal.close();
    const deletes = () => slack.log.entries().filter((entry) => entry.path === '/api/chat.delete').length;

    const listed = await runCli(['release', session.id.slice(0, 8), '--list', '--json', '--config', config], env, directory);
    expect(listed.code).toBe(0);
    expect(listed.json<{ held: { action: string; status: string }[] }>().held).toMatchObject([{ action: 'slack.message.delete', status: 'held' }]);
    expect(deletes()).toBe(0);

    const released = await runCli(['release', session.id, '--by', 'dana', '--config', config], env, directory);
    expect(released.code).toBe(0);
    expect(released.stdout).toContain('sent');
    expect(released.stdout).toContain(`session ${session.id}: 1 sent`);
    expect(deletes()).toBe(1);
    expect(liveTexts(slack, channel)).not.toContain('Launch moved to Friday');

    const again = await runCli(['release', session.id, '--by', 'dana', '--json', '--config', config], env, directory);
    expect(again.json()).toMatchObject({ sent: 0, actions: [{ outcome: 'already-sent' }] });
    expect(deletes()).toBe(1);
  }, 30_000);
});
