// A Linear that stops answering cannot hold an agent: every GraphQL request gives up after the
// adapter's `timeoutMs`, a timed-out write is an unknown outcome (it may still land) and a timed-out
// read a retry.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { RequestPredicate } from '@backspace/testkit';
import { createLinearAdapter } from './linear-adapter.js';
import { createLinearSimulator, type LinearSimulator } from './simulator/index.js';
import { mutation } from './test-support.js';

const DELAY_MS = 6_000;
let simulator: LinearSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start() {
  simulator = await createLinearSimulator();
  // Long enough that the duplicate check before a create answers on a busy machine (files run side by
  // side), far shorter than the held answer.
  const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, timeoutMs: 1_000 });
  // One attempt: the test looks at the first call's failure, not at the runtime's retries.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { session: await runtime.startSession({ agentId: 'triage-bot' }) };
}

/** The error a promise rejected with, and how long it took to settle. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

const aQuery: RequestPredicate = (request) => !String((request.body as { query?: unknown })?.query).trimStart().startsWith('mutation');

describe('a Linear that does not answer', () => {
  it('times a write out: an unknown outcome, retryable, long before the answer would come', async () => {
    const { session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueCreate'), kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Slow' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(BackspaceError.isInstance(error) && error.code).toBe('outcome_unknown');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
    expect((await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type)).toContain('action.unknown');
  });

  // LinearCalls does not tell queries from mutations, so a read's failure also reads `outcomeUnknown`;
  // the runtime only weighs that for writes, and retries the read.
  it('times a read out: retryable, and nothing may have landed', async () => {
    const { session } = await start();
    const id = simulator.seed.issues['ENG-1']!;
    const before = simulator.state.issues.get(id)!.title;
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: aQuery, kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('linear.issue.update', { id, title: 'Renamed' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'timeout', isRetryable: true });
    expect(simulator.state.issues.get(id)!.title).toBe(before);
  });
});
