// session.run is typed from the adapters a runtime was given: an action name the Stripe adapter does
// not have, or an input its schema refuses, is a compile error (checked by `pnpm typecheck`, which runs
// before the suite: each @ts-expect-error below fails it when its error goes away), and the answer
// comes back typed, with no cast. At run time the same calls are refused by name and by schema.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';

let simulator: StripeSimulator | undefined;
let journal: JournalStore | undefined;
afterEach(async () => {
  await journal?.close();
  await simulator?.close();
  simulator = journal = undefined;
});

it('a customer created through a typed session comes back typed, and a wrong name or input is refused', async () => {
  const running = (simulator = await createStripeSimulator());
  journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [] });
  const session = await runtime.startSession({ agentId: 'billing-agent' });

  const customer = await session.run('stripe.customer.create', { name: 'ACME Corp', email: 'billing@acme.test' });
  const id: string = customer.id;
  expect(running.inspect().objects.get(id)).toMatchObject({ object: 'customer', name: 'ACME Corp', email: 'billing@acme.test' });

  // @ts-expect-error: no such action (a typo of stripe.customer.create)
  await expect(session.run('stripe.customer.craete', { name: 'x' })).rejects.toMatchObject({ code: 'unknown_action' });
  // @ts-expect-error: `nmae` is no field of stripe.customer.create (the schema is strict)
  await expect(session.run('stripe.customer.create', { nmae: 'x' })).rejects.toMatchObject({ code: 'invalid_input' });
  // @ts-expect-error: amount is a number
  await expect(session.run('stripe.refund.create', { payment_intent: 'pi_123', amount: '10', currency: 'usd' })).rejects.toMatchObject({ code: 'invalid_input' });
  await session.end();
  expect([...running.inspect().objects.values()].filter((found) => found.object === 'customer').map((found) => found['name'])).not.toContain('x');
});
