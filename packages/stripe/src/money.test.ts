// Money actions under policy: a refund above the configured amount is held for a person's approval
// from its own input (the agent passes no valueAtRisk), and nothing reaches Stripe; one below it runs.
// Checked in the simulator's records, not through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, defaultPolicy, requireApprovalAboveValue, type PolicyRule } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createStripeAdapter } from './connector.js';
import { createStripeSimulator, type StripeSimulator } from './simulator/index.js';
import { key, personOn } from './test-support/person.js';
import { stripeApprovalAboveAmount, valueAtRisk } from './value-at-risk.js';

let simulator: StripeSimulator | undefined;
afterEach(async () => {
  await simulator?.close();
  simulator = undefined;
});

async function setup(policy: PolicyRule[]) {
  const running = (simulator = await createStripeSimulator());
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url })], policy });
  const intent = await personOn(running).paymentIntents.create({ amount: 5_000_000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, { idempotencyKey: key() });
  const refunds = () => [...running.inspect().objects.values()].filter((found) => found.object === 'refund');
  return { runtime, intent, refunds };
}

describe('stripe money actions under policy', () => {
  it('holds a $47,000 refund for approval under the default policy and a $500 limit, and refunds nothing', async () => {
    const { runtime, intent, refunds } = await setup([stripeApprovalAboveAmount(500), ...defaultPolicy()]);
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.refund.create', { payment_intent: intent.id, amount: 4_700_000, currency: 'usd' })).rejects.toMatchObject({
      code: 'approval_required',
      message: expect.stringContaining('$47,000.00'),
    });
    expect(refunds()).toEqual([]);
  });

  it('declares its amount to core: core\'s own value rule holds a $47,000 refund with no figure from the agent, and refunds nothing', async () => {
    const { runtime, intent, refunds } = await setup([requireApprovalAboveValue(500)]);
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.refund.create', { payment_intent: intent.id, amount: 4_700_000, currency: 'usd' })).rejects.toMatchObject({
      code: 'approval_required',
      message: expect.stringContaining('value at risk 47000 exceeds 500'),
    });
    // An agent's own smaller figure does not talk it down.
    await expect(session.run('stripe.refund.create', { payment_intent: intent.id, amount: 4_700_000, currency: 'usd' }, { valueAtRisk: 1, idempotencyKey: 'again' })).rejects.toMatchObject({ code: 'approval_required' });
    expect(refunds()).toEqual([]);
  });

  it('lets a $25 refund through a $500 limit, and Stripe records it', async () => {
    const { runtime, intent, refunds } = await setup([stripeApprovalAboveAmount(500)]);
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await session.run('stripe.refund.create', { payment_intent: intent.id, amount: 2500, currency: 'usd' });
    expect(refunds().map((refund) => [refund['amount'], refund['currency'], refund['payment_intent']])).toEqual([[2500, 'usd', intent.id]]);
  });

  it('refuses a refund whose currency is not the payment’s, before anything is refunded', async () => {
    const { runtime, intent, refunds } = await setup([]);
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await expect(session.run('stripe.refund.create', { payment_intent: intent.id, amount: 2500, currency: 'eur' })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(refunds()).toEqual([]);
  });

  it('declares value at risk in major units from the input, per currency', () => {
    expect(valueAtRisk('stripe.refund.create', { amount: 4_700_000, currency: 'usd' })).toBe(47_000);
    expect(valueAtRisk('stripe.payment_intent.capture', { amount_to_capture: 5000, currency: 'jpy' })).toBe(5000);
    expect(valueAtRisk('stripe.customer.update', { id: 'cus_1', name: 'x' })).toBeUndefined();
  });
});
