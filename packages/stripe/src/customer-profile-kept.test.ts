// What a person adds on the agent's customer that the customer's own answer shows but its deletion guard
// did not compare: invoice credit in another currency (`invoice_credit_balance`, in the answer when asked
// for), a coupon applied to the customer in the Dashboard (`discount`: the API of this version has no
// parameter for it), a business or an individual name. Deleting the customer would take each away: the
// rollback keeps it as a conflict naming what they added, and never writes their names into the journal
// in clear. Read back through the person's Stripe client or the simulator's records.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { compensationOperations, ENTRY_TYPES, systemClock } from '@backspace/core';
import { createStripeAdapter } from './connector.js';
import { customerSnapshot } from './snapshot.js';
import { applyCustomerCoupon } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();
const CREATE = 'stripe.customer.create';

async function agentCustomer(context: Awaited<ReturnType<typeof setup>>) {
  const session = await context.agentSession();
  const customer = (await session.run(CREATE, { name: 'Pied Piper', email: 'ap@piedpiper.example' })) as Stripe.Customer;
  return { session, customer };
}

const withCredit = async (person: Stripe, id: string) => (await person.customers.retrieve(id, { expand: ['invoice_credit_balance'] })) as Stripe.Customer;

describe('the agent’s customer a person set up further', () => {
  it('is kept with the invoice credit a person gave it in another currency (its balance untouched)', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    // Support credits €40 toward the customer's euro invoices: a balance in that currency, not `balance`.
    await context.person.customers.createBalanceTransaction(customer.id, { amount: -4000, currency: 'eur', description: 'goodwill' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/invoice_credit_balance/);
    expect(await withCredit(context.person, customer.id)).toMatchObject({ balance: 0, invoice_credit_balance: { eur: 4000 } });
  });

  it('is kept when a person’s credit in another currency nets out: the currency’s balance is theirs', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.createBalanceTransaction(customer.id, { amount: -2500, currency: 'gbp' }, { idempotencyKey: key() });
    await context.person.customers.createBalanceTransaction(customer.id, { amount: 2500, currency: 'gbp' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(context.record(customer.id)).not.toBeNull();
  });

  it('is kept with the coupon a person applied to it in the Dashboard', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const coupon = await context.person.coupons.create({ percent_off: 20, duration: 'forever', name: 'Partner' }, { idempotencyKey: key() });
    applyCustomerCoupon(context.running, customer.id, coupon.id);

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/discount/);
    expect(((await context.person.customers.retrieve(customer.id)) as Stripe.Customer).discount).toMatchObject({ source: { coupon: coupon.id } });
  });

  it('is kept with the business name a person gave it, not journaled in clear', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { business_name: 'Pied Piper Holdings GmbH' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/business_name/);
    expect(context.record(customer.id)).toMatchObject({ business_name: 'Pied Piper Holdings GmbH' });
    expect(JSON.stringify(await context.runtime.journal.entriesOfType([...ENTRY_TYPES]))).not.toContain('Holdings GmbH');
  });

  it('is kept with the individual name a person gave it; an agent’s later update journals no such name in clear', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { individual_name: 'Richard Hendricks' }, { idempotencyKey: key() });
    // The agent's update answers with the whole customer, the person's name in it.
    await session.run('stripe.customer.update', { id: customer.id, description: 'seed round' });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps.find((step) => step.action === CREATE)?.reason).toMatch(/individual_name/);
    expect(context.record(customer.id)).toMatchObject({ individual_name: 'Richard Hendricks', description: null });
    expect(JSON.stringify(report)).not.toContain('Hendricks');
    expect(JSON.stringify(await context.runtime.journal.entriesOfType([...ENTRY_TYPES]))).not.toContain('Hendricks');
  });

  it('is kept with the invoice numbering a person set for it (a prefix, the next number)', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    // Billing moved the customer over from another system: its invoices go on with that system's numbers.
    await context.person.customers.update(customer.id, { invoice_prefix: 'PIPER', next_invoice_sequence: 1042 }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/invoice_prefix, next_invoice_sequence/);
    expect(await context.person.customers.retrieve(customer.id)).toMatchObject({ invoice_prefix: 'PIPER', next_invoice_sequence: 1042 });
  });

  it('is kept by an inverse staged before its guard compared these (`holdings: true`): planning’s read shows the coupon', async () => {
    const { running, person, record } = await setup();
    const customer = await person.customers.create({ name: 'Old journal' }, { idempotencyKey: key() });
    const coupon = await person.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once' }, { idempotencyKey: key() });
    applyCustomerCoupon(running, customer.id, coupon.id);
    const adapter = createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
    const remove = compensationOperations(adapter)['stripe.customer.delete']!;
    const pre = customerSnapshot((await person.customers.retrieve(customer.id, { expand: ['invoice_credit_balance'] })) as Stripe.Customer);
    const context = { client: adapter.client, idempotencyKey: 'compensate:old', clock: systemClock, pre };

    expect(await remove.run({ id: customer.id, holdings: true }, context)).toEqual({ keptBecause: expect.stringMatching(/discount/) });
    expect(record(customer.id)).toMatchObject({ name: 'Old journal' });
    // Staged now, its guard compared the discount at planning: the inverse runs only where planning (or an operator's force) let it.
    await remove.run({ id: customer.id, holdings: 2 }, context);
    expect(record(customer.id)).toBeNull();
  });
});
