// The kill switch stops a Stripe call in flight: the SDK takes no signal per call, so the client stops
// waiting for it as soon as the call's signal fires; the call is recorded as an unknown outcome, and the
// rollback finds the write (which Stripe still made) and undoes it.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, ProviderError } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';

let simulator: StripeSimulator | undefined;
afterEach(() => simulator?.close());

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
};

it('a kill stops an update Stripe has not answered, before its answer comes; the rollback still undoes it', async () => {
  simulator = await createStripeSimulator();
  const person = personOn(simulator);
  const customer = await person.customers.create({ name: 'Globex' }, { idempotencyKey: key() });
  // Stripe holds the write 1.5 s below: the bound on a write in flight, which the rollback waits out.
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [], inFlightTimeoutMs: 1_500 });
  const session = await runtime.startSession({ agentId: 'hung-bot' });
  // Stripe holds the update for a while (the adapter's own timeout is 30 s, longer still).
  simulator.faults.inject({ method: 'POST', path: '/v1/customers/:id', kind: 'delay', ms: 1_500, clock: 'real' });
  const started = Date.now();
  const call = session.run('stripe.customer.update', { id: customer.id, name: 'Renamed by a hung agent' }).catch((error: unknown) => error);
  await until(() => simulator!.faults.fired().length === 1);

  await runtime.kill({ scope: { agentId: 'hung-bot' }, reason: 'hung', by: 'ops' });
  const error = (await call) as { code?: string; cause?: unknown };
  expect(Date.now() - started, 'the call stopped before Stripe answered it').toBeLessThan(1_500);
  expect(error.code).toBe('killed');
  expect(error.cause).toBeInstanceOf(ProviderError);
  expect(error.cause).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect((await runtime.journal.sessionEntries(session.id)).at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });

  // The write still landed once Stripe got to it: the rollback looks it up and undoes it.
  await until(() => simulator!.inspectResource({ provider: 'stripe', type: 'customer', id: customer.id }) !== null && (simulator!.inspectResource({ provider: 'stripe', type: 'customer', id: customer.id }) as { name?: string }).name === 'Renamed by a hung agent');
  await runtime.endSession(session.id, { by: 'ops' });
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ failed: 0 });
  expect(await person.customers.retrieve(customer.id)).toMatchObject({ name: 'Globex' });
  await runtime.journal.close();
});
