// The kill switch stops an Asana call in flight: the request the adapter is waiting on is dropped at
// once (the SDK takes no signal, so the adapter joins each request to its call's), the call is recorded
// as an unknown outcome, and the rollback finds the write by looking it up and undoes it. An inverse's
// requests stop the same way when its run's signal aborts, whether declared beside its action or shared.
import { afterEach, expect, it } from 'vitest';
import { compensationOperations, createRuntime, ProviderError, systemClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

it('a kill stops a write Asana has not answered, before its answer comes; the rollback still undoes it', async () => {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const gid = simulator.seed.taskGids[0]!;
  const originalName = simulator.task(gid)!.name;
  // Asana holds the write 1.5 s below: the bound on a write in flight, which the rollback waits out.
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], inFlightTimeoutMs: 1_500 });
  const session = await runtime.startSession({ agentId: 'hung-bot' });
  // Asana holds the update for a while (the adapter's own timeout is 30 s, longer still).
  simulator.faults.inject({ method: 'PUT', path: '/api/1.0/tasks/:task_gid', kind: 'delay', ms: 1_500, clock: 'real' });
  const call = session.run('asana.task.update', { gid, name: 'Renamed by a hung agent' }).catch((error: unknown) => error);
  await until(() => simulator.faults.fired().length === 1);

  await runtime.kill({ scope: { agentId: 'hung-bot' }, reason: 'hung', by: 'ops' });
  const error = (await call) as { code?: string; cause?: unknown };
  const answered = simulator.log.entries().filter((entry) => entry.method === 'PUT');
  expect(answered, 'the call stopped before Asana answered it').toEqual([]);
  expect(error.code).toBe('killed');
  expect(error.cause).toBeInstanceOf(ProviderError);
  expect(error.cause).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect((await runtime.journal.sessionEntries(session.id)).at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });

  // The write still landed once Asana got to it: the rollback looks it up by its key and undoes it.
  await until(() => simulator.log.entries().some((entry) => entry.method === 'PUT'));
  expect(simulator.task(gid)!.name).toBe('Renamed by a hung agent');
  await runtime.endSession(session.id, { by: 'ops' });
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
  expect(environment.inspect({ provider: 'asana', type: 'task', id: gid })).toMatchObject({ name: originalName });
  await runtime.journal.close();
});

it.each([
  { operation: 'asana.task.delete', method: 'DELETE', input: (gid: string) => ({ gid }) },
  { operation: 'asana.task.restore', method: 'PUT', input: (gid: string) => ({ gid, values: { name: 'Put back' } }) },
])('$operation stops at once when its run is stopped, as an action does', async ({ operation, method, input }) => {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const gid = simulator.seed.taskGids[0]!;
  const heldMs = 1_500;
  simulator.faults.inject({ method, path: '/api/1.0/tasks/:task_gid', kind: 'delay', ms: heldMs, clock: 'real' });
  const stop = new AbortController();
  const started = Date.now();
  const run = compensationOperations(adapter)[operation]!.run(input(gid), { client: adapter.client, idempotencyKey: 'compensate:kill', clock: systemClock, signal: stop.signal }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  await until(() => simulator.faults.fired().length === 1);
  stop.abort(new Error('killed'));
  expect(await run).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect(Date.now() - started).toBeLessThan(heldMs);
  expect(simulator.log.entries().filter((entry) => entry.method === method), 'stopped before Asana answered it').toEqual([]);
});
