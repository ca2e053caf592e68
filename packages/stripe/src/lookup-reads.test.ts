// A write whose answer was lost is resent with its key only once Stripe's events show that key's request
// landed: a resend of a write that never reached Stripe makes it (Stripe performs a key it has not seen). For an update, over whatever a person changed since, whose edit the rollback's restore then
// loses; for a create, an object the agent never made, which the rollback then deletes or deactivates
// (a promotion code stays behind). Each case: the agent's process journals the intent, its request is
// cut (before Stripe takes it, or after it landed with the answer lost), the agent dies, a person may
// edit, and the operator's process rolls back.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createRuntime, systemClock, type Clock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, SEEDED_PRICES, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';

let simulator: StripeSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

type Cut = 'reset' | 'drop-after-commit';

/** Runs `action` as an agent whose every attempt is cut (`cut`), then gives the journal for the operator. */
async function agentDiesMidWrite(running: StripeSimulator, method: string, path: string, cut: Cut, action: string, input: Record<string, unknown>) {
  const journalPath = join(mkdtempSync(join(tmpdir(), 'stripe-update-lookup-')), 'journal.db');
  const adapter = () => createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
  const agentRuntime = createRuntime({ journal: createSqliteJournal({ path: journalPath }), adapters: [adapter()], policy: [], retry: { baseDelayMs: 10 } });
  running.faults.inject({ method, path, kind: cut, times: 50 });
  // Every lookup in the agent's own call (its read of Stripe's events) fails too: the write is left for
  // the operator to settle.
  running.faults.inject({ method: 'GET', path: '/v1/events', kind: 'server-error', status: 503, times: 50 });
  const session = await agentRuntime.startSession({ agentId: 'billing-agent' });
  await expect(session.run(action as never, input as never)).rejects.toMatchObject({ code: 'outcome_unknown' });
  running.faults.clear();
  await agentRuntime.journal.close();
  return {
    rollback: async (clock: Clock = systemClock) => {
      const journal = createSqliteJournal({ path: journalPath });
      const operator = createRuntime({ journal, adapters: [adapter()], policy: [], clock });
      await operator.endSession(session.id, { by: 'ops' });
      const report = await operator.rollback(session.id);
      const entries = await journal.sessionEntries(session.id);
      await journal.close();
      return { report, types: entries.filter((entry) => entry.action === action).map((entry) => entry.type) };
    },
  };
}

it('a customer update that never reached Stripe is not made by the rollback: the name a person set since stays', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const customer = await person.customers.create({ name: 'Globex', email: 'billing@globex.test' }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers/:id', 'reset', 'stripe.customer.update', { id: customer.id, name: 'Globex (agent)' });
  await person.customers.update(customer.id, { name: 'Globex Corporation' });

  const { types } = await agent.rollback();
  expect(await person.customers.retrieve(customer.id)).toMatchObject({ name: 'Globex Corporation', email: 'billing@globex.test' });
  expect(types).toContain('action.failed');
  expect(running.log.entries().filter((logged) => logged.method === 'POST' && logged.path === `/v1/customers/${customer.id}` && logged.status === 200)).toHaveLength(1);
});

it('a customer update that landed with its answers lost is found by its event and undone, a key a person added since kept', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const customer = await person.customers.create({ name: 'Initech', metadata: { tier: 'gold' } }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers/:id', 'drop-after-commit', 'stripe.customer.update', { id: customer.id, name: 'Initech (agent)', metadata: { tier: 'silver' } });
  await person.customers.update(customer.id, { metadata: { region: 'emea' } });

  const { report } = await agent.rollback();
  expect(report.steps.map((step) => [step.action, step.outcome]), JSON.stringify(report.steps)).toEqual([['stripe.customer.update', 'verified']]);
  expect(await person.customers.retrieve(customer.id)).toMatchObject({ name: 'Initech', metadata: { tier: 'gold', region: 'emea' } });
});

it('a customer update that landed and that a person partly changed since is undone where it is still the agent’s', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const customer = await person.customers.create({ name: 'Hooli', email: 'ap@hooli.test' }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers/:id', 'drop-after-commit', 'stripe.customer.update', { id: customer.id, name: 'Hooli (agent)', email: 'agent@hooli.test' });
  await person.customers.update(customer.id, { email: 'finance@hooli.test' });

  const { report } = await agent.rollback();
  expect(report.steps.map((step) => step.action)).toEqual(['stripe.customer.update']);
  expect(await person.customers.retrieve(customer.id)).toMatchObject({ name: 'Hooli', email: 'finance@hooli.test' });
});

it('a flag the agent meant to set, never reached Stripe, that a person then set the same way, is the person’s to keep', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const customer = await person.customers.create({ name: 'Soylent' }, { idempotencyKey: key() });
  const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/subscriptions/:id', 'reset', 'stripe.subscription.set_cancel_at_period_end', { id: subscription.id, cancel_at_period_end: true });
  // What the fuzzer found (seed 30002268): read alone, the flag looks like the agent's write landed.
  await person.subscriptions.update(subscription.id, { cancel_at_period_end: true });
  const { types } = await agent.rollback();
  expect((await person.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
  expect(types).toContain('action.failed');
});

it('a discount applied by an agent whose request never reached Stripe is not applied by the rollback, nor a person’s own discount taken off', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const customer = await person.customers.create({ name: 'Umbrella' }, { idempotencyKey: key() });
  const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
  const agentCoupon = await person.coupons.create({ percent_off: 10, duration: 'once', name: 'agent ten' }, { idempotencyKey: key() });
  const personCoupon = await person.coupons.create({ percent_off: 5, duration: 'once', name: 'loyalty' }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/subscriptions/:id', 'reset', 'stripe.subscription.apply_discount', { id: subscription.id, coupon: agentCoupon.id });
  await person.subscriptions.update(subscription.id, { discounts: [{ coupon: personCoupon.id }] });

  const { types } = await agent.rollback();
  const after = await person.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
  expect(after.discounts.map((discount) => (typeof discount === 'string' ? discount : discount.source.coupon))).toEqual([personCoupon.id]);
  expect(types).toContain('action.failed');
});

it('a promotion code the agent meant to turn off, never reached Stripe, stays as a person set it', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const coupon = await person.coupons.create({ percent_off: 15, duration: 'once', name: 'spring' }, { idempotencyKey: key() });
  const code = await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING15' }, { idempotencyKey: key() });
  await person.promotionCodes.update(code.id, { active: false });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/promotion_codes/:id', 'reset', 'stripe.promotion_code.update', { id: code.id, active: true });
  // The person keeps it off; a replay of the agent's request would turn it on, and its undo off again.
  const { types } = await agent.rollback();
  expect((await person.promotionCodes.retrieve(code.id)).active).toBe(false);
  expect(types).toContain('action.failed');
  expect(running.inspect().applied.filter((write) => write.path === `/v1/promotion_codes/${code.id}`)).toHaveLength(1);
});

const customers = (running: StripeSimulator) => [...running.inspect().objects.values()].filter((found) => found.object === 'customer');

it('a customer create that never reached Stripe is not made by the rollback', async () => {
  const running = (simulator = await createStripeSimulator());
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers', 'reset', 'stripe.customer.create', { name: 'Vandelay Industries' });
  const { report, types } = await agent.rollback();
  expect(customers(running)).toEqual([]);
  expect(report.steps).toEqual([]);
  expect(types).toContain('action.failed');
});

it('a promotion code create that never reached Stripe is not made by the rollback, so no inactive code is left behind', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const coupon = await person.coupons.create({ percent_off: 20, duration: 'once', name: 'launch' }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/promotion_codes', 'reset', 'stripe.promotion_code.create', { coupon: coupon.id, code: 'LAUNCH20' });
  const { types } = await agent.rollback();
  expect((await person.promotionCodes.list({ coupon: coupon.id })).data).toEqual([]);
  expect(types).toContain('action.failed');
});

it('a customer create that landed with its answers lost is found by its key among the events of others made since, and deleted', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers', 'drop-after-commit', 'stripe.customer.create', { name: 'Pendant Publishing' });
  // More customers than one page of events holds, made after the agent's: the lookup pages through them.
  for (let index = 0; index < 105; index += 1) await person.customers.create({ name: `Walk-in ${index}` }, { idempotencyKey: key() });
  const { report } = await agent.rollback();
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['stripe.customer.create', 'verified']]);
  expect(customers(running).filter((found) => found['deleted'] !== true).map((found) => found['name'])).not.toContain('Pendant Publishing');
  expect(customers(running).filter((found) => found['deleted'] !== true)).toHaveLength(105);
});

it('a customer create found after Stripe forgot its key (24 hours) is left in place and named, not resent into a second customer', async () => {
  const running = (simulator = await createStripeSimulator());
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/customers', 'drop-after-commit', 'stripe.customer.create', { name: 'Kramerica' });
  const dayLater: Clock = { now: () => Date.now() + 25 * 60 * 60 * 1000, sleep: systemClock.sleep };
  const { report } = await agent.rollback(dayLater);
  expect(report.steps).toEqual([]);
  expect(report.residue.join('\n')).toMatch(/stripe\.customer\.create.*no longer keeps its answer/s);
  expect(customers(running).map((found) => [found['name'], found['deleted'] ?? false])).toEqual([['Kramerica', false]]);
});

it('a refund that never reached Stripe is not made by the rollback, though a person refunded the same amount meanwhile', async () => {
  const running = (simulator = await createStripeSimulator());
  const person = personOn(running);
  const payment = await person.paymentIntents.create({ amount: 10_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key() });
  const agent = await agentDiesMidWrite(running, 'POST', '/v1/refunds', 'reset', 'stripe.refund.create', { payment_intent: payment.id, amount: 2_500, currency: 'usd' });
  await person.refunds.create({ payment_intent: payment.id, amount: 2_500 }, { idempotencyKey: key() });
  const { types } = await agent.rollback();
  expect((await person.refunds.list({ payment_intent: payment.id })).data.map((refund) => refund.amount)).toEqual([2_500]);
  expect(types).toContain('action.failed');
});
