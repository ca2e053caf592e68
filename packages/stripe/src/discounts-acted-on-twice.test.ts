// The agent acts twice on one subscription's discounts (applies its coupon, then takes a person's
// discount off). The rollback undoes both, newest first: the first undo makes the person's discount
// again (a new discount, a new id), and the second must keep that one and take the agent's off. It must
// not pick discounts by the ids planning read before the first undo ran: those belong to the
// subscription as it was, not as the first undo left it. Read back through a person's Stripe client.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

const sources = (subscription: Stripe.Subscription) => subscription.discounts.map((discount) => (typeof discount === 'string' ? discount : discount.source.coupon));

describe('a subscription whose discounts the agent changed twice', () => {
  it('gets back the person’s discount alone: the agent’s coupon off, the person’s on', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Umbrella' }, { idempotencyKey: key() });
    const loyalty = await person.coupons.create({ percent_off: 5, duration: 'forever', name: 'loyalty' }, { idempotencyKey: key() });
    const winback = await person.coupons.create({ percent_off: 40, duration: 'forever', name: 'win-back' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.pro }], discounts: [{ coupon: loyalty.id }] }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.subscription.apply_discount', { id: subscription.id, coupon: winback.id });
    await session.run('stripe.subscription.remove_discount', { id: subscription.id, coupon: loyalty.id });

    const report = await rollback(session.id);
    const after = await person.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    expect(sources(after), JSON.stringify(report.steps.map((step) => [step.action, step.outcome, step.error]))).toEqual([loyalty.id]);
    expect(outcomeOf(report, 'stripe.subscription.remove_discount')).toBe('verified');
    expect(outcomeOf(report, 'stripe.subscription.apply_discount')).toBe('verified');
  });

  it('a second rollback after the first leaves the person’s discount where it is', async () => {
    const { agentSession, person, rollback, runtime } = await setup();
    const customer = await person.customers.create({ name: 'Cyberdyne' }, { idempotencyKey: key() });
    const loyalty = await person.coupons.create({ percent_off: 5, duration: 'forever', name: 'loyalty' }, { idempotencyKey: key() });
    const winback = await person.coupons.create({ percent_off: 40, duration: 'forever', name: 'win-back' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.pro }], discounts: [{ coupon: loyalty.id }] }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.subscription.apply_discount', { id: subscription.id, coupon: winback.id });
    await session.run('stripe.subscription.remove_discount', { id: subscription.id, coupon: loyalty.id });

    await rollback(session.id);
    const second = await runtime.rollback(session.id);
    expect(second.executed).toBe(0);
    expect(sources(await person.subscriptions.retrieve(subscription.id, { expand: ['discounts'] }))).toEqual([loyalty.id]);
  });
});
