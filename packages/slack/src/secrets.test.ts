// A token Slack echoes back in an error never leaves the process: not in the error the agent gets,
// its JSON, its printed form, the rollback report or the journal's bytes; and an adapter built from
// a ready WebClient knows that client's token as a secret.
import { inspect } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebClient } from '@slack/web-api';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, compensationOperations, createRuntime, systemClock, type Adapter, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SimulatorRequest } from '@backspace/testkit';
import { messageRef } from './resources.js';
import { createSlackAdapter, webApiUrl } from './slack-adapter.js';
import { createSlackSimulator, type SlackSimulator } from './simulator/index.js';

let simulator: SlackSimulator;
let runtime: Runtime;
let directory: string;
afterEach(async () => {
  await runtime?.journal.close().catch(() => undefined);
  await simulator?.close();
});

/** Slack's refusal (HTTP 200, `ok: false`) with the token the request carried repeated in it, as a careless proxy or API might. */
const echoingRefusal = (request: SimulatorRequest) => ({ status: 200, body: { ok: false, error: 'missing_scope', needed: `chat:write for ${request.headers.authorization}` } });

async function start(makeAdapter: (simulator: SlackSimulator) => Adapter) {
  simulator = await createSlackSimulator();
  directory = mkdtempSync(join(tmpdir(), 'backspace-slack-secrets-'));
  const adapter = makeAdapter(simulator);
  runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { channel: simulator.seed.channel, token: simulator.seed.tokens.agent, adapter };
}

/** Every byte the journal left on disk (the database and any write-ahead log), read once it is closed. */
async function journalBytes(): Promise<string> {
  await runtime.journal.close();
  return readdirSync(directory).map((file) => readFileSync(join(directory, file)).toString('latin1')).join('');
}

/** Everything a caller could print or send on of an error: its JSON, and as Node prints it (message, stack, details, causes). */
function everythingIn(error: unknown): string {
  const json = BackspaceError.isInstance(error) ? JSON.stringify(error.toJSON()) : '';
  return `${json}\n${inspect(error, { depth: 10 })}`;
}

const withToken = (simulator: SlackSimulator) => createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });

describe('a token Slack echoes back', () => {
  it('is scrubbed from the error a write fails with, its cause and the journal', async () => {
    const { channel, token } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', respond: echoingRefusal });

    const session = await runtime.startSession({ agentId: 'support-bot' });
    const error = await session.run('slack.message.post', { channel, text: 'Deploy finished' }).catch((failure: unknown) => failure);
    expect(simulator.faults.fired()).toHaveLength(1);
    expect(everythingIn(error)).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(token);
    expect(everythingIn((error as Error).cause)).not.toContain(token);
    await session.end();
    expect(await journalBytes()).not.toContain(token);
  });

  it('is scrubbed from an error string that is not Slack’s, kept in the error’s cause', async () => {
    const { channel, token } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', respond: (request) => ({ status: 200, body: { ok: false, error: `invalid_auth for ${request.headers.authorization}` } }) });

    const session = await runtime.startSession({ agentId: 'support-bot' });
    const error = await session.run('slack.message.post', { channel, text: 'Deploy finished' }).catch((failure: unknown) => failure);
    expect(everythingIn(error)).not.toContain(token);
    expect(everythingIn((error as Error).cause)).not.toContain(token);
  });

  it('is scrubbed from a failed rollback step’s error and the report', async () => {
    const { channel, token } = await start(withToken);
    const session = await runtime.startSession({ agentId: 'support-bot' });
    await session.run('slack.message.post', { channel, text: 'Deploy finished' });
    await session.end();
    simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'server-error', respond: echoingRefusal });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(1);
    expect(JSON.stringify(report)).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(token);
    expect(await journalBytes()).not.toContain(token);
  });
});

describe('a token Slack echoes back to an adapter used outside a runtime', () => {
  // A script may read or undo through the adapter itself: core scrubs only what leaves its runtime.
  it('is scrubbed from the errors of its reader and its inverses (core’s withoutSecrets)', async () => {
    const { channel, token, adapter } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/api/conversations.replies', kind: 'server-error', respond: echoingRefusal });
    simulator.faults.inject({ method: 'POST', path: '/api/chat.delete', kind: 'server-error', respond: echoingRefusal });

    const read = await adapter.read(messageRef(channel, '1767603600.000100')).catch((failure: unknown) => failure);
    const undo = await compensationOperations(adapter)['slack.message.delete']!.run({ channel, ts: '1767603600.000100' }, { client: adapter.client, idempotencyKey: 'compensate:1', clock: systemClock }).catch((failure: unknown) => failure);

    expect(simulator.faults.fired()).toHaveLength(2);
    for (const error of [read, undo]) {
      expect(error).toBeInstanceOf(Error);
      expect(everythingIn(error)).toContain('[redacted]');
      expect(everythingIn(error)).not.toContain(token);
    }
  });
});

describe('an adapter built from a ready WebClient', () => {
  it('holds the client’s token as a secret, so the journal never stores it', async () => {
    const saved = process.env.SLACK_BOT_TOKEN;
    delete process.env.SLACK_BOT_TOKEN;
    try {
      const { channel, token, adapter } = await start((simulator) =>
        createSlackAdapter({ client: new WebClient(simulator.seed.tokens.agent, { slackApiUrl: webApiUrl(simulator.url), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: 5_000 }) }),
      );
      expect(adapter.secrets?.()).toContain(token);
      simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'server-error', respond: echoingRefusal });

      const session = await runtime.startSession({ agentId: 'support-bot' });
      await session.run('slack.message.post', { channel, text: `Seen with ${token}` }).catch(() => undefined);
      await session.run('slack.message.post', { channel, text: `Written with ${token}` });
      await session.end();
      expect(await journalBytes()).not.toContain(token);
    } finally {
      if (saved !== undefined) process.env.SLACK_BOT_TOKEN = saved;
    }
  });
});
