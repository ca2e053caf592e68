// The kill switch stops a Linear call in flight: LinearClient takes its signal from its options, so the
// adapter's client gives each request one joined to its call's; the call returns at once, recorded as an
// unknown outcome, and the rollback finds the issue by its key (its client-chosen id) and archives it.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { inspectResource, mutation, startLinear } from './test-support.js';
import type { LinearSimulator } from './simulator/index.js';

const HELD_MS = 3_000;
let simulator: LinearSimulator | undefined;
let runtime: Runtime | undefined;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

const titled = (linear: LinearSimulator, title: string) => [...linear.state.issues.values()].filter((issue) => issue.title === title);

it('a kill stops an issue create Linear has not answered, before its answer comes; the rollback still archives the issue', async () => {
  const linear = await startLinear();
  simulator = linear.simulator;
  // The bound on a write in flight is how long Linear holds it: the rollback waits it out.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [linear.adapter], policy: [], inFlightTimeoutMs: HELD_MS });
  const session = await runtime.startSession({ agentId: 'hung-bot' });
  // Linear holds the mutation for a while (the adapter's own timeout is 30 s, longer still).
  simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueCreate'), kind: 'delay', ms: HELD_MS, clock: 'real' });
  const started = performance.now();
  const call = session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Filed by a hung agent' }).catch((error: unknown) => error);
  await until(() => simulator!.faults.fired().length === 1);

  await runtime.kill({ scope: { agentId: 'hung-bot' }, reason: 'hung', by: 'ops' });
  const error = (await call) as { code?: string; cause?: unknown };
  expect(performance.now() - started, 'the call returned long before Linear would answer').toBeLessThan(HELD_MS / 2);
  expect(error.code).toBe('killed');
  expect(error.cause).toBeInstanceOf(ProviderError);
  expect(error.cause).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect((await runtime.journal.sessionEntries(session.id)).at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });

  // The create still landed once Linear got to it: the rollback looks it up by its id and archives it.
  await until(() => titled(simulator!, 'Filed by a hung agent').length === 1);
  await runtime.endSession(session.id, { by: 'ops' });
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
  const issue = titled(simulator, 'Filed by a hung agent')[0]!;
  expect(inspectResource(simulator, { provider: 'linear', type: 'issue', id: issue.id })).toMatchObject({ archived: true });
});
