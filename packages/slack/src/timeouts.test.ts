// A Slack that stops answering cannot hold an agent: every Web API call gives up after the adapter's
// `timeoutMs`, a timed-out write is an unknown outcome (it may still land) and a timed-out read a retry.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createSlackAdapter } from './slack-adapter.js';
import { createSlackSimulator, type SlackSimulator } from './simulator/index.js';

const DELAY_MS = 4_000;
let simulator: SlackSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start() {
  simulator = await createSlackSimulator();
  const adapter = createSlackAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, timeoutMs: 200 });
  // One attempt: the test looks at the first call's failure, not at the runtime's retries.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { channel: simulator.seed.channel, session: await runtime.startSession({ agentId: 'support-bot' }) };
}

/** The error a promise rejected with, and how long it took to settle. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

describe('a Slack that does not answer', () => {
  it('times a write out: an unknown outcome, retryable, long before the answer would come', async () => {
    const { channel, session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/api/chat.postMessage', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('slack.message.post', { channel, text: 'Deploy finished' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(BackspaceError.isInstance(error) && error.code).toBe('outcome_unknown');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
    expect((await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type)).toContain('action.unknown');
  });

  it('times a read out: retryable, and nothing may have landed', async () => {
    const { channel, session } = await start();
    const before = simulator.workspace.channels.get(channel)!.topic;
    simulator.faults.inject({ method: 'POST', path: '/api/conversations.info', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('slack.channel.topic.set', { channel, topic: 'Incident 42' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: false });
    expect(simulator.workspace.channels.get(channel)!.topic).toEqual(before);
  });
});
