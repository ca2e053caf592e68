// A person who sets a field back to the very value the agent left (schedules a cancellation again,
// turns a promotion code off again, or back on) looks like the agent to a comparison of values; Stripe's
// events say whose request wrote it last, and the rollback keeps theirs. A field only the agent wrote is
// still put back. Read back through the person's Stripe client, never through the adapter.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

async function personCode(person: Stripe) {
  const coupon = await person.coupons.create({ percent_off: 15, duration: 'once', name: 'spring' }, { idempotencyKey: key() });
  return person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'SPRING15' }, { idempotencyKey: key() });
}

describe('a field a person set again to the agent’s value stays as they set it', () => {
  it('a cancellation the agent scheduled, unscheduled and then scheduled again by a person, stays scheduled', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Initech' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.subscription.set_cancel_at_period_end', { id: subscription.id, cancel_at_period_end: true });
    await person.subscriptions.update(subscription.id, { cancel_at_period_end: false });
    // Later the customer calls and asks to cancel after all: the person schedules it themselves.
    await person.subscriptions.update(subscription.id, { cancel_at_period_end: true });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.set_cancel_at_period_end')).toBe('conflict');
    expect((await person.subscriptions.retrieve(subscription.id)).cancel_at_period_end).toBe(true);
  });

  it('a promotion code the agent turned off, turned on and then off again by a person, stays off', async () => {
    const { agentSession, person, rollback } = await setup();
    const code = await personCode(person);
    const session = await agentSession();
    await session.run('stripe.promotion_code.update', { id: code.id, active: false });
    await person.promotionCodes.update(code.id, { active: true }, { idempotencyKey: key() });
    // The code leaked on a coupon site: the person turns it off for good.
    await person.promotionCodes.update(code.id, { active: false }, { idempotencyKey: key() });

    await rollback(session.id);
    expect((await person.promotionCodes.retrieve(code.id)).active).toBe(false);
  });

  it('a promotion code the agent made, deactivated and then reactivated by a person, stays active', async () => {
    const { agentSession, person, rollback } = await setup();
    const coupon = await person.coupons.create({ percent_off: 15, duration: 'once', name: 'spring' }, { idempotencyKey: key() });
    const session = await agentSession();
    const code = (await session.run('stripe.promotion_code.create', { coupon: coupon.id, code: 'SPRING15' })) as Stripe.PromotionCode;
    await person.promotionCodes.update(code.id, { active: false }, { idempotencyKey: key() });
    // Marketing extends the campaign: the person turns the code back on.
    await person.promotionCodes.update(code.id, { active: true }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.promotion_code.create')).toBe('conflict');
    expect((await person.promotionCodes.retrieve(code.id)).active).toBe(true);
  });
});

describe('a field only the agent wrote is put back', () => {
  it('a promotion code the agent turned off, whose metadata a person tagged meanwhile, is on again with their tag', async () => {
    const { agentSession, person, rollback } = await setup();
    const code = await personCode(person);
    const session = await agentSession();
    await session.run('stripe.promotion_code.update', { id: code.id, active: false });
    await person.promotionCodes.update(code.id, { metadata: { owner: 'marketing' } }, { idempotencyKey: key() });

    await rollback(session.id);
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true, metadata: { owner: 'marketing' } });
  });

  it('two updates of the same customer by the agent are both undone: its own writes, in Stripe’s events, are not taken for a person’s', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Initech', email: 'ap@initech.example' }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.customer.update', { id: customer.id, email: 'billing@initech.example' });
    await session.run('stripe.customer.update', { id: customer.id, email: 'finance@initech.example' });

    await rollback(session.id);
    expect((await person.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ email: 'ap@initech.example' });
  });
});

describe('the simulator’s events, as Stripe sends them', () => {
  it('name the request and its key, and only the metadata keys a write changed, one it added as null', async () => {
    const { person } = await setup();
    const customer = await person.customers.create({ name: 'Initech', metadata: { plan: 'gold', region: 'eu' } }, { idempotencyKey: key() });
    const sent = key();
    await person.customers.update(customer.id, { metadata: { plan: 'silver', tier: '2' } }, { idempotencyKey: sent });

    const [event] = (await person.events.list({ type: 'customer.updated' })).data;
    expect(event?.request).toMatchObject({ id: expect.stringMatching(/^req_/), idempotency_key: sent });
    expect(event?.data.previous_attributes).toEqual({ metadata: { plan: 'gold', tier: null } });
  });
});
