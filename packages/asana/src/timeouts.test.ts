// An Asana that stops answering cannot hold an agent: every request gives up after the adapter's
// `timeoutMs`, a timed-out write is an unknown outcome (it may still land) and a timed-out read a retry.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from './adapter.js';
import { createAsanaSimulator, type AsanaSimulator } from './simulator/create-simulator.js';

const DELAY_MS = 4_000;
let simulator: AsanaSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start() {
  simulator = await createAsanaSimulator({ requestsPerMinute: false });
  const adapter = createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url, timeoutMs: 200 });
  // One attempt: the test looks at the first call's failure, not at the runtime's retries.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { session: await runtime.startSession({ agentId: 'planner' }) };
}

/** The error a promise rejected with, and how long it took to settle. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

describe('an Asana that does not answer', () => {
  it('times a write out: an unknown outcome, retryable, long before the answer would come', async () => {
    const { session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('asana.task.create', { name: 'Slow', projects: [simulator.seed.projectGid] }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(BackspaceError.isInstance(error) && error.code).toBe('outcome_unknown');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
    expect((await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type)).toContain('action.unknown');
  });

  it('times a read out: retryable, and nothing may have landed', async () => {
    const { session } = await start();
    const gid = simulator.seed.taskGids[0]!;
    const before = simulator.task(gid)!.name;
    simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:task_gid', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('asana.task.update', { gid, name: 'Renamed' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: false });
    expect(simulator.task(gid)!.name).toBe(before);
  });
});
