// What a rollback of the agent's customer or coupon must keep: a customer a person billed since (a
// payment or an invoice for it), saved a card on, or whose metadata they added a key to, and a coupon someone else made a
// promotion code for. The agent acts through the runtime, a person through their own Stripe SDK client;
// what stays is read back through that client or the simulator's records, never through the adapter.
import { describe, expect, it } from 'vitest';
import { sameJson } from '@backspace/core';
import type Stripe from 'stripe';
import { createStripeAdapter } from './connector.js';
import { customerSnapshot } from './snapshot.js';
import { key } from './test-support/person.js';
import { stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

/** The agent's coupon and its own promotion code for it, made in one session. */
async function agentCouponWithCode(name: string, percentOff: number, code: string) {
  const context = await setup();
  const session = await context.runtime.startSession({ agentId: 'billing-agent' });
  const coupon = (await session.run('stripe.coupon.create', { name, percent_off: percentOff, duration: 'once' })) as Stripe.Coupon;
  const promotionCode = (await session.run('stripe.promotion_code.create', { coupon: coupon.id, code })) as Stripe.PromotionCode;
  return { ...context, session, coupon, code: promotionCode };
}

const outcomeOf = (report: { steps: { action: string; outcome: string }[] }, action: string) => report.steps.find((step) => step.action === action)?.outcome;

describe('stripe rollback keeps a customer a person billed or added metadata to', () => {
  it('keeps the agent’s customer a person has since charged a card for, and the payment stays on it', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Hooli' })) as Stripe.Customer;
    const payment = await person.paymentIntents.create({ amount: 5000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)).toMatchObject({ name: 'Hooli' });
    expect(await person.customers.retrieve(customer.id)).not.toHaveProperty('deleted');
    expect((await person.paymentIntents.retrieve(payment.id)).customer).toBe(customer.id);
  });

  it('keeps the agent’s customer a person has since invoiced', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Pied Piper', email: 'ap@piedpiper.test' })) as Stripe.Customer;
    const invoice = await person.invoices.create({ customer: customer.id, description: 'Compression audit' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)).toMatchObject({ name: 'Pied Piper' });
    expect((await person.invoices.list({ customer: customer.id })).data.map((found) => found.id)).toEqual([invoice.id]);
  });

  it('keeps the agent’s customer a person has since saved a card on, and the card stays saved', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Raviga', email: 'billing@raviga.test' })) as Stripe.Customer;
    const card = await person.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)).toMatchObject({ name: 'Raviga' });
    expect((await person.customers.listPaymentMethods(customer.id)).data.map((found) => [found.id, found.card?.last4])).toEqual([[card.id, '4242']]);
  });

  it('still removes the agent’s customer whole when the only thing on it is the agent’s own invoice item', async () => {
    const { runtime, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Aviato' })) as Stripe.Customer;
    const item = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 1500, currency: 'usd', description: 'Setup' })) as Stripe.InvoiceItem;

    const report = await rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
    expect(record(item.id)).toBeNull();
    expect(record(customer.id)).toBeNull();
  });

  it('keeps the agent’s customer when deleting the agent’s invoice item on it fails: the customer goes only after what was billed to it', async () => {
    const { running, runtime, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Tres Commas' })) as Stripe.Customer;
    const item = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 900, currency: 'usd', description: 'Onboarding' })) as Stripe.InvoiceItem;
    running.faults.inject({ method: 'DELETE', path: '/v1/invoiceitems/:id', kind: 'server-error', status: 500, times: 100 });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.invoiceitem.create')).toBe('failed');
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('skipped');
    expect(record(customer.id)).toMatchObject({ name: 'Tres Commas' });
    expect(record(item.id)).toMatchObject({ amount: 900 });
  });

  it('keeps the agent’s pending invoice item a person’s draft invoice has since taken in: a line of their invoice', async () => {
    const { runtime, person, record, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Gavin Belson' }, { idempotencyKey: key() });
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const item = (await session.run('stripe.invoiceitem.create', { customer: customer.id, amount: 1200, currency: 'usd', description: 'Consulting' })) as Stripe.InvoiceItem;
    const invoice = await person.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.invoiceitem.create')).toBe('conflict');
    expect(record(item.id)).toMatchObject({ amount: 1200, invoice: invoice.id });
    expect((await person.invoices.retrieve(invoice.id)).status).toBe('draft');
  });

  it('keeps the agent’s customer a person has since added a metadata key to, with both keys', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Raviga', metadata: { source: 'agent' } })) as Stripe.Customer;
    await person.customers.update(customer.id, { metadata: { owner: 'dana' } }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)?.['metadata']).toEqual({ source: 'agent', owner: 'dana' });
  });

  it('keeps the agent’s customer created without metadata once a person gives it a key', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Bachmanity' })) as Stripe.Customer;
    await person.customers.update(customer.id, { metadata: { segment: 'enterprise' } }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(record(customer.id)?.['metadata']).toEqual({ segment: 'enterprise' });
  });

  it('still removes the agent’s customer whole when the key added since is the agent’s own, undone first', async () => {
    const { runtime, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Endframe', metadata: { source: 'agent' } })) as Stripe.Customer;
    await session.run('stripe.customer.update', { id: customer.id, metadata: { owner: 'agent' } });

    const report = await rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['stripe.customer.update', 'verified'],
      ['stripe.customer.create', 'verified'],
    ]);
    expect(record(customer.id)).toBeNull();
  });

  it('keeps the agent’s customer a person has since invoiced when the agent also updated it: the update’s undo reads the customer alone, the create’s what references it', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const customer = (await session.run('stripe.customer.create', { name: 'Nucleus' })) as Stripe.Customer;
    await session.run('stripe.customer.update', { id: customer.id, email: 'billing@nucleus.test' });
    const invoice = await person.invoices.create({ customer: customer.id, description: 'Platform fee' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['stripe.customer.update', 'verified'],
      ['stripe.customer.create', 'conflict'],
    ]);
    expect(record(customer.id)).toMatchObject({ name: 'Nucleus', email: null });
    expect((await person.invoices.list({ customer: customer.id })).data.map((found) => found.id)).toEqual([invoice.id]);
  });

  it('guards a post-state staged before the whole metadata was (it holds none) with a field no customer matches: a conflict, never a deletion', async () => {
    const { person } = await setup();
    const created = await person.customers.create({ name: 'Old journal', metadata: { source: 'agent' } }, { idempotencyKey: key() });
    const { compensation } = createStripeAdapter({ token: 'sk_test_old' }).actions.find((action) => action.name === 'stripe.customer.create')!;
    const oldPost = { name: 'Old journal', email: null, description: null, phone: null, 'metadata.source': 'agent', references: [] };
    const staged = compensation!({ input: {}, result: created, resource: { provider: 'stripe', type: 'customer', id: created.id }, pre: null, post: oldPost } as never)!;
    expect(staged.fields).toContain('metadata');
    // The customer as Stripe answers it now, untouched: its metadata, even empty, is an object, and its
    // balance a number; the old post-state has neither (the balance was guarded later still), nor the
    // invoice numbering Stripe gives every customer (guarded later again).
    const now = customerSnapshot((await person.customers.retrieve(created.id)) as Stripe.Customer)!;
    expect(staged.fields.filter((field) => !sameJson(now[field], staged.post?.[field]))).toEqual(['balance', 'invoice_prefix', 'next_invoice_sequence', 'metadata']);
  });
});

describe('stripe rollback keeps a coupon others made a promotion code for', () => {
  it('keeps the agent’s coupon a person has since made a promotion code for, and the code stays redeemable', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const coupon = (await session.run('stripe.coupon.create', { name: 'Launch 30', percent_off: 30, duration: 'once' })) as Stripe.Coupon;
    const code = await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'LAUNCH30' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('conflict');
    expect(record(coupon.id)).toMatchObject({ name: 'Launch 30', valid: true });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
  });

  it('deletes the agent’s coupon whose only promotion code is the agent’s own: the code is deactivated first, then the coupon goes', async () => {
    const { runtime, person, record, rollback, session, coupon, code } = await agentCouponWithCode('Spring 20', 20, 'SPRING20');

    const report = await rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['stripe.promotion_code.create', 'verified'],
      ['stripe.coupon.create', 'verified'],
    ]);
    expect(record(coupon.id)).toBeNull();
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: false });
  });

  it('keeps the agent’s coupon when deactivating the agent’s code on it fails: the coupon is deleted only after its code is out of use', async () => {
    const { running, runtime, person, record, rollback, session, coupon, code } = await agentCouponWithCode('Autumn 25', 25, 'AUTUMN25');
    running.faults.inject({ method: 'POST', path: '/v1/promotion_codes/:id', kind: 'server-error', status: 500, times: 100 });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.promotion_code.create')).toBe('failed');
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('skipped');
    expect(record(coupon.id)).toMatchObject({ name: 'Autumn 25' });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
  });

  it('deletes the agent’s coupon on a second rollback when the first deactivated the agent’s code but failed to delete the coupon', async () => {
    const { running, runtime, person, record, rollback, session, coupon, code } = await agentCouponWithCode('Winter 5', 5, 'WINTER5');
    running.faults.inject({ method: 'DELETE', path: '/v1/coupons/:id', kind: 'server-error', status: 500, times: 100 });
    const first = await rollback(session.id);
    expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['stripe.promotion_code.create', 'verified'],
      ['stripe.coupon.create', 'failed'],
    ]);
    running.faults.clear();

    const second = await runtime.rollback(session.id);
    expect(outcomeOf(second, 'stripe.coupon.create'), JSON.stringify(second.steps)).toBe('verified');
    expect(record(coupon.id)).toBeNull();
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: false });
  });

  it('keeps the agent’s coupon on a second rollback when a person reactivated the agent’s code after the first deactivated it', async () => {
    const { running, runtime, person, record, rollback, session, coupon, code } = await agentCouponWithCode('Winter 6', 6, 'WINTER6');
    running.faults.inject({ method: 'DELETE', path: '/v1/coupons/:id', kind: 'server-error', status: 500, times: 100 });
    await rollback(session.id);
    running.faults.clear();
    await person.promotionCodes.update(code.id, { active: true }, { idempotencyKey: key() });

    const second = await runtime.rollback(session.id);
    expect(outcomeOf(second, 'stripe.coupon.create')).toBe('conflict');
    expect(record(coupon.id)).toMatchObject({ name: 'Winter 6' });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
  });

  it('keeps the agent’s coupon whose code another session reactivated after a person deactivated it: the code stays active, and so does its coupon', async () => {
    const { runtime, person, record, rollback, session, coupon, code } = await agentCouponWithCode('Summer 15', 15, 'SUMMER15');
    await person.promotionCodes.update(code.id, { active: false }, { idempotencyKey: key() });
    const other = await runtime.startSession({ agentId: 'marketing-agent' });
    await other.run('stripe.promotion_code.update', { id: code.id, active: true });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.promotion_code.create')).toBe('conflict');
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('conflict');
    expect(record(coupon.id)).toMatchObject({ name: 'Summer 15' });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
  });

  it('keeps the agent’s coupon another agent session has since made a promotion code for', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const coupon = (await session.run('stripe.coupon.create', { name: 'Partners 10', amount_off: 1000, currency: 'usd', duration: 'forever' })) as Stripe.Coupon;
    const other = await runtime.startSession({ agentId: 'marketing-agent' });
    const code = (await other.run('stripe.promotion_code.create', { coupon: coupon.id, code: 'PARTNER10' })) as Stripe.PromotionCode;

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('conflict');
    expect(record(coupon.id)).toMatchObject({ name: 'Partners 10' });
    expect(await person.promotionCodes.retrieve(code.id)).toMatchObject({ active: true });
  });

  it('keeps a person’s coupon made under the id of the agent’s coupon they deleted: another coupon, whatever its name', async () => {
    const { runtime, person, record, rollback } = await setup();
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    await session.run('stripe.coupon.create', { id: 'SPRING', name: 'Spring sale', percent_off: 50, duration: 'once' });
    // The agent got the discount wrong: a person deletes its coupon and makes the right one, same id and name.
    await person.coupons.del('SPRING');
    await person.coupons.create({ id: 'SPRING', name: 'Spring sale', percent_off: 15, duration: 'once' }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(record('SPRING')).toMatchObject({ name: 'Spring sale', percent_off: 15 });
    expect(outcomeOf(report, 'stripe.coupon.create')).toBe('conflict');
  });
});
