// What a person adds on the agent's coupon or customer keeps it from being deleted by the rollback: a
// metadata key on the coupon, a promotion code restricted to the customer. The agent's own code for its
// own customer does not: the rollback deactivates it, then deletes the customer. Read back through the
// person's Stripe client or the simulator's records, never through the adapter.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

describe('the agent’s coupon', () => {
  it('keeps the metadata a person added to it, and the coupon itself', async () => {
    const { agentSession, person, record, rollback } = await setup();
    const session = await agentSession();
    const coupon = (await session.run('stripe.coupon.create', { name: 'Launch 30', percent_off: 30, duration: 'once' })) as Stripe.Coupon;
    // Finance tags the coupon for their campaign report.
    await person.coupons.update(coupon.id, { metadata: { campaign: 'spring-launch', approved_by: 'dana' } }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('conflict');
    expect(record(coupon.id)).toMatchObject({ metadata: { campaign: 'spring-launch', approved_by: 'dana' } });
  });

  it('is still deleted when nobody touched it', async () => {
    const { agentSession, record, rollback } = await setup();
    const session = await agentSession();
    const coupon = (await session.run('stripe.coupon.create', { name: 'Launch 30', percent_off: 30, duration: 'once', metadata: { source: 'agent' } })) as Stripe.Coupon;

    await rollback(session.id);
    expect(record(coupon.id)).toBeNull();
  });
});

describe('the agent’s customer', () => {
  it('is kept, with the promotion code a person restricted to it still redeemable by it', async () => {
    const { agentSession, person, record, rollback } = await setup();
    const coupon = await person.coupons.create({ percent_off: 20, duration: 'once', name: 'vip' }, { idempotencyKey: key() });
    const session = await agentSession();
    const customer = (await session.run('stripe.customer.create', { name: 'Hooli', email: 'ap@hooli.example' })) as Stripe.Customer;
    // Sales makes a code only this customer can redeem.
    const code = await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'HOOLI-VIP', customer: customer.id }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)).toMatchObject({ name: 'Hooli' });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ customer: customer.id, active: true });
  });

  it('is deleted when the only code restricted to it is the agent’s own, which the rollback deactivates', async () => {
    const { agentSession, person, record, rollback } = await setup();
    const coupon = await person.coupons.create({ percent_off: 20, duration: 'once', name: 'vip' }, { idempotencyKey: key() });
    const session = await agentSession();
    const customer = (await session.run('stripe.customer.create', { name: 'Hooli', email: 'ap@hooli.example' })) as Stripe.Customer;
    const code = (await session.run('stripe.promotion_code.create', { coupon: coupon.id, code: 'HOOLI-VIP', customer: customer.id })) as Stripe.PromotionCode;

    await rollback(session.id);
    expect(record(customer.id)).toBeNull();
    expect((await person.promotionCodes.retrieve(code.id)).active).toBe(false);
  });
});

describe('the agent’s invoice item', () => {
  it('is kept with what a person set on it since: a metadata key, or whether discounts apply to it', async () => {
    const { agentSession, person, record, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Hooli' }, { idempotencyKey: key() });
    const session = await agentSession();
    const tagged = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 1500, currency: 'usd', description: 'Setup', metadata: { source: 'agent' } })) as Stripe.InvoiceItem;
    const kept = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 900, currency: 'usd', description: 'Onboarding' })) as Stripe.InvoiceItem;
    // Billing approves one line for the next invoice, and exempts the other from the customer's discount.
    await person.invoiceItems.update(tagged.id, { metadata: { approved_by: 'dana' } }, { idempotencyKey: key() });
    await person.invoiceItems.update(kept.id, { discountable: false }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['stripe.invoiceitem.create', 'conflict'],
      ['stripe.invoiceitem.create', 'conflict'],
    ]);
    expect(record(tagged.id)).toMatchObject({ amount: 1500, metadata: { source: 'agent', approved_by: 'dana' } });
    expect(record(kept.id)).toMatchObject({ amount: 900, discountable: false });
  });

  it('is still deleted when nobody touched it, its metadata the agent’s own', async () => {
    const { agentSession, person, record, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Hooli' }, { idempotencyKey: key() });
    const session = await agentSession();
    const item = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 1500, currency: 'usd', metadata: { source: 'agent' } })) as Stripe.InvoiceItem;

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.invoiceitem.create')).toBe('verified');
    expect(record(item.id)).toBeNull();
  });
});
