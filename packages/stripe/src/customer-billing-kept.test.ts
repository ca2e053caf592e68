// Billing a person does for the agent's customer that deleting the customer would take away: credit given
// through balance transactions (even when it nets out), money held in its cash balance, an invoice or a
// quote made for it, a subscription schedule that starts later. The rollback keeps the customer as a
// conflict naming them. Read back through the person's Stripe client or the simulator's records.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();
const CREATE = 'stripe.customer.create';

async function agentCustomer(context: Awaited<ReturnType<typeof setup>>) {
  const session = await context.agentSession();
  const customer = (await session.run(CREATE, { name: 'Initech', email: 'ap@initech.example' })) as Stripe.Customer;
  return { session, customer };
}

describe('the agent’s customer a person billed', () => {
  it('is kept with the credit a person gave it through a balance transaction', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.createBalanceTransaction(customer.id, { amount: -3000, currency: 'usd', description: 'goodwill' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/balance/);
    expect(((await context.person.customers.retrieve(customer.id)) as Stripe.Customer).balance).toBe(-3000);
  });

  it('is kept when a person’s balance transactions net out: the customer’s balance history is theirs', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.createBalanceTransaction(customer.id, { amount: -3000, currency: 'usd' }, { idempotencyKey: key() });
    await context.person.customers.createBalanceTransaction(customer.id, { amount: 3000, currency: 'usd' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(context.record(customer.id)).not.toBeNull();
  });

  it('is kept with the money in its cash balance', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.testHelpers.customers.fundCashBalance(customer.id, { amount: 12_000, currency: 'usd' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/cash_balance/);
    expect(await context.person.customers.retrieveCashBalance(customer.id)).toMatchObject({ available: { usd: 12_000 } });
  });

  it('is kept with the draft invoice a person made for it', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const invoice = await context.person.invoices.create({ customer: customer.id, description: 'Onboarding' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(invoice.id!);
    expect(context.record(customer.id)).not.toBeNull();
  });

  it('is kept with the quote a person made for it', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const quote = await context.person.quotes.create({ customer: customer.id, line_items: [{ price: SEEDED_PRICES.pro, quantity: 3 }] }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(quote.id);
    expect(await context.person.quotes.retrieve(quote.id)).toMatchObject({ customer: customer.id, status: 'draft' });
  });

  it('is kept with the subscription schedule a person set up to start next month', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const start = Math.floor(Date.now() / 1000) + 30 * 24 * 60 * 60;
    const schedule = await context.person.subscriptionSchedules.create(
      { customer: customer.id, start_date: start, end_behavior: 'release', phases: [{ items: [{ price: SEEDED_PRICES.basic, quantity: 1 }], duration: { interval: 'month', interval_count: 12 } }] },
      { idempotencyKey: key() },
    );

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(schedule.id);
    expect(await context.person.subscriptionSchedules.retrieve(schedule.id)).toMatchObject({ customer: customer.id, status: 'not_started' });
  });
});
