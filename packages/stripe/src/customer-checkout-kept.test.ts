// A person who opens a Checkout Session for the agent's customer, or starts saving a card on it with a
// SetupIntent, is in the middle of work for that customer: deleting the customer would leave a checkout
// the customer can no longer complete and a card they can no longer save. The rollback keeps the customer
// as a conflict naming the session or the intent. A session that expired, or an intent canceled, holds
// nothing of anyone's: the customer is deleted. Read back through the person's Stripe client.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createManualClock } from '@backspace/simulator-kit';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();
/** An account whose time a test moves on (its rate window stays still with it, so there is none). */
const clock = createManualClock(Date.now());
const onTheClock = stripeRollbackScenario({ clock, rateLimit: false });
const CREATE = 'stripe.customer.create';

async function agentCustomer(context: Awaited<ReturnType<typeof setup>>) {
  const session = await context.agentSession();
  const customer = (await session.run(CREATE, { name: 'Initech', email: 'ap@initech.example' })) as Stripe.Customer;
  return { session, customer };
}

/** The Checkout Sessions a person opens for a customer: to save a card, to pay once, to subscribe. */
const CHECKOUTS: [string, (person: Stripe, customer: string) => Promise<Stripe.Checkout.SessionCreateParams>][] = [
  ['to save a card', async (_person, customer) => ({ customer, mode: 'setup', currency: 'usd', success_url: 'https://initech.example/saved' })],
  [
    'to pay an onboarding fee',
    async (person, customer) => {
      const fee = await person.prices.create({ currency: 'usd', unit_amount: 25_000, product_data: { name: 'Onboarding' } }, { idempotencyKey: key() });
      return { customer, mode: 'payment', line_items: [{ price: fee.id, quantity: 1 }], success_url: 'https://initech.example/paid' };
    },
  ],
  ['to subscribe to Pro', async (_person, customer) => ({ customer, mode: 'subscription', line_items: [{ price: SEEDED_PRICES.pro, quantity: 5 }], success_url: 'https://initech.example/welcome' })],
];

describe('the agent’s customer a person is checking out', () => {
  it.each(CHECKOUTS)('is kept with the Checkout Session a person opened for it %s', async (_purpose, params) => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const checkout = await context.person.checkout.sessions.create(await params(context.person, customer.id), { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(checkout.id);
    expect(await context.person.customers.retrieve(customer.id)).not.toHaveProperty('deleted');
    expect(await context.person.checkout.sessions.retrieve(checkout.id)).toMatchObject({ customer: customer.id, status: 'open' });
  });

  it('is deleted when the person expired their Checkout Session: no one can complete it any more', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const checkout = await context.person.checkout.sessions.create({ customer: customer.id, mode: 'setup', currency: 'usd', success_url: 'https://initech.example/saved' }, { idempotencyKey: key() });
    await context.person.checkout.sessions.expire(checkout.id, {}, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('verified');
    expect(await context.person.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, deleted: true });
    expect(context.record(customer.id)).toBeNull();
  });

  it('is deleted when the person’s Checkout Session passed its expiry unfinished: Stripe expired it', async () => {
    const context = await onTheClock();
    const { session, customer } = await agentCustomer(context);
    const expiresAt = Math.floor(clock.now() / 1000) + 30 * 60;
    const checkout = await context.person.checkout.sessions.create({ customer: customer.id, mode: 'setup', currency: 'usd', expires_at: expiresAt }, { idempotencyKey: key() });
    clock.advance(31 * 60 * 1000);

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('verified');
    expect(await context.person.checkout.sessions.retrieve(checkout.id)).toMatchObject({ status: 'expired', url: null });
    expect(await context.person.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, deleted: true });
  });
});

describe('the agent’s customer a person is saving a card for', () => {
  it.each([
    ['waiting for a card', {}, 'requires_payment_method'],
    ['waiting to be confirmed', { payment_method: 'pm_card_visa' }, 'requires_confirmation'],
  ] as const)('is kept with the SetupIntent a person made for it, %s', async (_state, params, status) => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const intent = await context.person.setupIntents.create({ customer: customer.id, usage: 'off_session', ...params }, { idempotencyKey: key() });
    expect(intent.status).toBe(status);

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(intent.id);
    expect(await context.person.customers.retrieve(customer.id)).not.toHaveProperty('deleted');
    expect(await context.person.setupIntents.retrieve(intent.id)).toMatchObject({ customer: customer.id, status });
  });

  it('is deleted when the person canceled their SetupIntent', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const intent = await context.person.setupIntents.create({ customer: customer.id }, { idempotencyKey: key() });
    await context.person.setupIntents.cancel(intent.id, { cancellation_reason: 'abandoned' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('verified');
    expect(await context.person.customers.retrieve(customer.id)).toMatchObject({ id: customer.id, deleted: true });
    expect(context.record(customer.id)).toBeNull();
  });
});
