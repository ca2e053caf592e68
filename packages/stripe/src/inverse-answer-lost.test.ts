// An undo whose answer is lost twice (the SDK's own resend too) is sent again by the rollback's retry.
// Sent again under a new key, Stripe performs it a second time: a person's coupon redeemed twice by one
// undo (a limited one used up, and the undo then reported failed though it landed), an item the first
// attempt already removed "missing", the step failed though the agent's change is gone. Sent again under
// the same key with the same request, Stripe answers as it did the first time. Read back through a
// person's Stripe client.
import { describe, expect, it } from 'vitest';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

/** Every answer to the undo's write lost: the first attempt's and the SDK's resend of it. */
const loseTheUndosAnswers = (running: Awaited<ReturnType<typeof setup>>['running']) => running.faults.inject({ method: 'POST', path: '/v1/subscriptions/:id', kind: 'drop-after-commit', times: 2 });

describe('an undo whose answer was lost, sent again', () => {
  it('gives the person’s limited coupon back once: one redemption for the undo, and the step verified', async () => {
    const { agentSession, person, rollback, running } = await setup();
    const customer = await person.customers.create({ name: 'Initech' }, { idempotencyKey: key() });
    // Two redemptions in all: this subscription's, and one left for the next customer.
    const loyalty = await person.coupons.create({ percent_off: 5, duration: 'forever', name: 'loyalty', max_redemptions: 3 }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }], discounts: [{ coupon: loyalty.id }] }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.subscription.remove_discount', { id: subscription.id, coupon: loyalty.id });
    loseTheUndosAnswers(running);

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.remove_discount'), JSON.stringify(report.steps)).toBe('verified');
    const after = await person.subscriptions.retrieve(subscription.id, { expand: ['discounts'] });
    expect(after.discounts.map((discount) => (typeof discount === 'string' ? discount : discount.source.coupon))).toEqual([loyalty.id]);
    expect(await person.coupons.retrieve(loyalty.id)).toMatchObject({ times_redeemed: 2, valid: true });
  });

  it('removes the item the agent added once: the step verified, one proration for the undo', async () => {
    const { agentSession, person, rollback, running } = await setup();
    const customer = await person.customers.create({ name: 'Globex' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.subscription.update_items', { id: subscription.id, items: [{ price: SEEDED_PRICES.pro }] });
    loseTheUndosAnswers(running);

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.update_items'), JSON.stringify(report.steps)).toBe('verified');
    expect((await person.subscriptions.retrieve(subscription.id)).items.data.map((item) => item.price.id)).toEqual([SEEDED_PRICES.basic]);
    expect((await person.invoiceItems.list({ customer: customer.id })).data.map((item) => item.amount).sort()).toEqual([-5000, 5000]);
  });

  it('puts a customer’s name back once, verified', async () => {
    const { agentSession, person, rollback, running } = await setup();
    const customer = await person.customers.create({ name: 'Hooli' }, { idempotencyKey: key() });
    const session = await agentSession();
    await session.run('stripe.customer.update', { id: customer.id, name: 'Hooli (agent)' });
    running.faults.inject({ method: 'POST', path: '/v1/customers/:id', kind: 'drop-after-commit', times: 2 });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.update')).toBe('verified');
    expect(await person.customers.retrieve(customer.id)).toMatchObject({ name: 'Hooli' });
    expect(running.inspect().applied.filter((write) => write.path === `/v1/customers/${customer.id}`)).toHaveLength(2);
  });
});
