// A PaymentIntent updated (docs.stripe.com/api/payment_intents/update): while it waits for a payment its
// amount, currency, customer and payment method change as asked (given a payment method it waits for its
// confirmation); once it succeeded or was canceled Stripe refuses those (400
// `payment_intent_unexpected_state`, naming the field) and keeps the intent as it was, but still takes a
// new description or metadata. Stripe has no event for an intent updated. Asked for through the official
// SDK, as a person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { customerWithCard, key } from '../test-support/person.js';

const fields = (intent: Stripe.PaymentIntent) => ({
  amount: intent.amount, currency: intent.currency, description: intent.description, metadata: intent.metadata,
  customer: intent.customer, payment_method: intent.payment_method, status: intent.status,
});

/** Stripe's answer for a field an intent's status no longer lets change. */
const locked = (field: string, status: string) => ({
  statusCode: 400,
  type: 'StripeInvalidRequestError',
  code: 'payment_intent_unexpected_state',
  param: field,
  message: `This PaymentIntent's ${field} could not be updated because it has a status of ${status}. You may only update the ${field} of a PaymentIntent with one of the following statuses: requires_payment_method, requires_confirmation, requires_action.`,
});

describe('a PaymentIntent updated', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let other: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    ({ simulator, stripe, customer, card } = await customerWithCard());
    other = await stripe.customers.create({ name: 'Globex' }, k());
  });
  afterAll(() => simulator.close());

  it('while it waits for a payment takes a new amount, currency, description, metadata, customer and payment method', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', metadata: { order: '1001', channel: 'web' } }, k());
    const updated = await stripe.paymentIntents.update(
      intent.id,
      { amount: 3500, currency: 'EUR', description: 'Annual plan', metadata: { channel: '', seats: '3' }, customer: customer.id, payment_method: card.id },
      k(),
    );
    expect(fields(updated)).toEqual({
      amount: 3500, currency: 'eur', description: 'Annual plan', metadata: { order: '1001', seats: '3' },
      customer: customer.id, payment_method: card.id, status: 'requires_confirmation',
    });
    expect(fields(await stripe.paymentIntents.retrieve(intent.id))).toEqual(fields(updated));
    expect((await stripe.events.list({ limit: 100 })).data.map((event) => event.type)).not.toContain('payment_intent.updated');
  });

  it('once it succeeded or was canceled refuses a new amount, currency, customer or payment method, naming it, and keeps the intent', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: card.id, confirm: true }, k());
    const canceled = await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, k())).id, {}, k());
    const changes: [string, Stripe.PaymentIntentUpdateParams][] = [
      ['amount', { amount: 5000 }], ['currency', { currency: 'eur' }], ['customer', { customer: other.id }], ['payment_method', { payment_method: 'pm_card_mastercard' }],
    ];
    const found: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const intent of [paid, canceled]) {
      for (const [field, change] of changes) {
        found[`${intent.status} ${field}`] = await refusal(stripe.paymentIntents.update(intent.id, { description: 'Changed', ...change }, k()));
        expected[`${intent.status} ${field}`] = locked(field, intent.status);
      }
    }
    expect(found).toEqual(expected);
    expect(fields(await stripe.paymentIntents.retrieve(paid.id))).toEqual(fields(paid));
    expect(fields(await stripe.paymentIntents.retrieve(canceled.id))).toEqual(fields(canceled));
  });

  it('once it succeeded still takes a new description and metadata', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, metadata: { order: '1002' } }, k());
    const noted = await stripe.paymentIntents.update(paid.id, { description: 'Refund requested', metadata: { ticket: 'T-7' } }, k());
    expect(fields(noted)).toEqual({ ...fields(paid), description: 'Refund requested', metadata: { order: '1002', ticket: 'T-7' } });
  });
});
