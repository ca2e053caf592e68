// A long rollback reads the agent's customer again before deleting it: a person who bills that customer
// after the rollback was planned (while earlier steps were still running, paced or retried) keeps the
// customer and their charge. The rollback's clock is moved past the plan's freshness while the agent's
// invoice item is being taken out first, and the person acts right then, through their own SDK client;
// what stays is read back through that client and the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { waitsAMinute } from '@backspace/testkit';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type Stripe from 'stripe';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';

let simulator: StripeSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

/**
 * The agent's customer with its own invoice item; the DELETE of that item fails once with a 503, and
 * while the rollback waits to retry it, `meanwhile` runs and the rollback's clock moves on a minute.
 * Stripe's clock is the rollback's: the minute it waited is a minute at Stripe too, whose rate window
 * has moved on by then (on the real clock it would not have, and the reads after would be refused).
 */
async function agentCustomerWithItem(meanwhile: (customer: Stripe.Customer, person: Stripe) => Promise<void>) {
  const { clock, during } = waitsAMinute();
  const running = (simulator = await createStripeSimulator({ clock }));
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy: [], clock });
  const person = personOn(running);
  const session = await runtime.startSession({ agentId: 'billing-agent' });
  const customer = (await session.run('stripe.customer.create', { name: 'Initech' })) as Stripe.Customer;
  await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 1500, currency: 'usd', description: 'Setup' });
  await runtime.endSession(session.id, { by: 'ops' });
  running.faults.inject({ method: 'DELETE', path: '/v1/invoiceitems/:id', kind: 'server-error', status: 503 });
  during(() => meanwhile(customer, person));
  const report = await runtime.rollback(session.id);
  const record = running.inspect().objects.get(customer.id);
  return { report, customer, person, customerKept: !!record && record['deleted'] !== true };
}

const outcomeOf = (report: { steps: { action: string; outcome: string }[] }, action: string) => report.steps.find((step) => step.action === action)?.outcome;

describe('a long rollback reads a container again before removing it for good', () => {
  it('keeps the agent’s customer a person invoiced after the rollback was planned, and names it', async () => {
    let theirs: Stripe.InvoiceItem | undefined;
    const { report, customer, person, customerKept } = await agentCustomerWithItem(async (agents, client) => {
      theirs = await client.invoiceItems.create({ customer: agents.id, amount: 4200, currency: 'usd', description: 'Consulting' }, { idempotencyKey: key() });
    });
    expect(outcomeOf(report, 'stripe.invoiceitem.create')).toBe('verified');
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(report.residue.join('\n')).toMatch(/after the rollback was planned/);
    expect(customerKept).toBe(true);
    expect(await person.customers.retrieve(customer.id)).not.toHaveProperty('deleted');
    expect((await person.invoiceItems.retrieve(theirs!.id)).customer).toBe(customer.id);
  });

  it('still deletes the customer when nobody touched it in between, however old the plan', async () => {
    const { report, customerKept } = await agentCustomerWithItem(async () => undefined);
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect(customerKept).toBe(false);
  });
});
