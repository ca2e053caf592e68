// `backspace supervise` as an operator runs it: the built binary over a SQLite journal an agent writes
// to, catching a private note posted to a public Slack channel, pausing the agent and rolling its
// session back by itself; a graceful stop on SIGINT; `findings` and `findings false-alarm` after.
// Effects read back from the Slack simulator and the journal file. Needs `pnpm build` first.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from '@backspace/slack';
import { createSlackSimulator, inspectChannel, type SlackSimulator } from '@backspace/slack/simulator';
import { BIN, runCli } from './support/cli.js';

const liveTexts = (slack: SlackSimulator, channel: string) =>
  (inspectChannel(slack.workspace, slack.workspace.channels.get(channel)!) as { messages: { text: string; tombstone: boolean }[] }).messages.filter((message) => !message.tombstone).map((message) => message.text);

describe('backspace supervise', () => {
  let slack: SlackSimulator;
  let directory: string;
  let journalPath: string;
  let config: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    slack = await createSlackSimulator({ rateLimits: false });
    directory = mkdtempSync(join(tmpdir(), 'backspace-supervise-'));
    journalPath = join(directory, 'agents.db');
    config = join(directory, 'backspace.config.json');
    writeFileSync(config, JSON.stringify({ journal: { path: journalPath }, adapters: { slack: { baseUrl: slack.url } } }));
    env = { SLACK_BOT_TOKEN: slack.seed.tokens.agent, NO_COLOR: '1' };
  });
  afterAll(async () => slack.close());

  it('catches the incident after its delay, pauses and rolls back without a person, and stops gracefully on SIGINT', async () => {
    const { channel } = slack.seed;
    writeFileSync(join(directory, 'backspace.supervisor.json'), JSON.stringify({
      auditDelayMs: 300,
      pollMs: 50,
      triggers: { policy: { rules: [{ kind: 'forbid-input', name: 'internal-notes-stay-private', action: 'slack.message.post', field: 'channel', values: [channel] }], response: 'pause-and-rollback' } },
    }));
    const journal = createSqliteJournal({ path: journalPath });
    const agent = createRuntime({ journal, adapters: [createSlackAdapter({ token: slack.seed.tokens.agent, baseUrl: slack.url })], policy: [], killSwitchPollMs: 50 });
    const session = await agent.startSession({ agentId: 'triage-agent' });

    const child = spawn(process.execPath, [BIN, 'supervise', '--config', config, '--summary-every', '1'], { env: { ...process.env, ...env }, cwd: directory });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number>((resolve) => child.once('exit', (code) => resolve(code ?? -1)));
    const waitForOutput = async (text: string) => {
      const start = Date.now();
      while (!stdout.includes(text)) {
        if (Date.now() - start > 15_000) throw new Error(`no "${text}" in:\n${stdout}\n${stderr}`);
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    };
    try {
      await waitForOutput('supervising sqlite journal: policy');
      await session.run('slack.message.post', { channel, text: 'internal: ACME is about to churn' });
      await waitForOutput('rolled back session');
      expect(stdout).toMatch(/finding [0-9a-f]{8} policy \(fail\) agent triage-agent: internal-notes-stay-private/);
      expect(stdout).toContain('paused agent triage-agent');
      expect(liveTexts(slack, channel)).not.toContain('internal: ACME is about to churn');
      const refused = await session.run('slack.message.post', { channel, text: 'again' }).catch((error: unknown) => (BackspaceError.isInstance(error) ? error.code : error));
      expect(refused).toBe('killed');
      await waitForOutput('seen 1 committed actions, audited 1, 1 finding');
    } finally {
      child.kill('SIGINT');
    }
    expect(await exited).toBe(0);
    expect(stdout).toContain('stopping: finishing the audit in progress');
    expect(stdout).toContain('stopped: audited 1, 1 finding');
    expect(stdout + stderr).not.toContain(slack.seed.tokens.agent);
    await journal.close();

    // The session's timeline shows the finding that did it and what was done, not every passing audit.
    const shown = await runCli(['show', session.id, '--config', config], env, directory);
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toMatch(/supervisor\.finding\s+policy fail/);
    expect(shown.stdout).toMatch(/finding [0-9a-f]{8}: internal-notes-stay-private/);
    expect(shown.stdout).toMatch(/supervisor\.response\s+pause-and-rollback/);
    expect(shown.stdout).not.toContain('supervisor.audit');

    const listed = await runCli(['findings', '--config', config, '--json'], env, directory);
    const [finding] = listed.json<{ findings: { findingId: string; trigger: string; responses: { kind: string }[] }[] }>().findings;
    expect(finding).toMatchObject({ trigger: 'policy', responses: [{ kind: 'pause-and-rollback' }] });
    const marked = await runCli(['findings', 'false-alarm', finding!.findingId.slice(0, 8), '--reason', 'the channel was meant', '--by', 'dana', '--config', config], env, directory);
    expect(marked.code, marked.stderr).toBe(0);
    const reader = createSqliteJournal({ path: journalPath });
    const [alarm] = await reader.entriesOfType(['supervisor.false-alarm']);
    await reader.close();
    expect(alarm!.data).toMatchObject({ findingId: finding!.findingId, by: 'dana', reason: 'the channel was meant' });
  }, 60_000);

  it('refuses a configuration with an unknown trigger at start, naming it', async () => {
    const rules = join(directory, 'bad.json');
    writeFileSync(rules, JSON.stringify({ triggers: { sentiment: { threshold: 2 } } }));
    const result = await runCli(['supervise', '--config', config, '--rules', rules], env, directory);
    expect(result.code).toBe(1);
    expect(result.stderr + result.stdout).toContain('unknown trigger "sentiment"');
  });
});
