// A PaymentIntent confirmed (docs.stripe.com/api/payment_intents/confirm): Stripe charges the payment
// method it holds, or the one confirm names (a test card's token or a card saved on its customer), and
// the intent succeeds, or waits for its capture when captured by hand. A declined card is a 402
// card_error that keeps the intent, waiting for another payment method, the decline its
// `last_payment_error`. An intent that succeeded or was canceled, or has no payment method, cannot be
// confirmed (400 `payment_intent_unexpected_state`). Asked for through the official SDK, as a person's
// integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { customerWithCard, key } from '../test-support/person.js';

describe('a PaymentIntent confirmed', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    ({ simulator, stripe, customer, card } = await customerWithCard());
  });
  afterAll(() => simulator.close());

  it('charges the payment method it holds, or the one confirm names: it succeeds, or waits for its capture when captured by hand', async () => {
    const held = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: card.id }, k());
    expect(held.status).toBe('requires_confirmation');
    const paid = await stripe.paymentIntents.confirm(held.id, {}, k());
    expect([paid.status, paid.amount_received, paid.payment_method, typeof paid.latest_charge]).toEqual(['succeeded', 2000, card.id, 'string']);
    const waiting = await stripe.paymentIntents.create({ amount: 4500, currency: 'usd', capture_method: 'manual' }, k());
    const authorized = await stripe.paymentIntents.confirm(waiting.id, { payment_method: 'pm_card_mastercard' }, k());
    expect([authorized.status, authorized.amount_capturable, authorized.amount_received, authorized.payment_method]).toEqual(['requires_capture', 4500, 0, 'pm_card_mastercard']);
    expect((await stripe.paymentIntents.retrieve(held.id)).status).toBe('succeeded');
    // Stripe announces each as it is: a payment that succeeded, an amount now capturable.
    const announced = await stripe.events.list({ types: ['payment_intent.succeeded', 'payment_intent.amount_capturable_updated'], limit: 100 });
    expect(announced.data.map((event) => [event.type, (event.data.object as { id: string }).id])).toEqual([
      ['payment_intent.amount_capturable_updated', waiting.id], ['payment_intent.succeeded', held.id],
    ]);
  });

  it('with a declined card is a 402 card_error that keeps the intent waiting for another payment method, the decline its last_payment_error', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id }, k());
    expect(await refusal(stripe.paymentIntents.confirm(intent.id, { payment_method: 'pm_card_chargeDeclined' }, k()))).toEqual({
      statusCode: 402, type: 'StripeCardError', code: 'card_declined', declineCode: 'generic_decline', message: 'Your card was declined.',
    });
    const kept = await stripe.paymentIntents.retrieve(intent.id);
    expect([kept.status, kept.payment_method, kept.last_payment_error?.code, kept.last_payment_error?.decline_code]).toEqual(['requires_payment_method', null, 'card_declined', 'generic_decline']);
    // Another card then pays it, and the decline is cleared.
    const paid = await stripe.paymentIntents.confirm(intent.id, { payment_method: card.id }, k());
    expect([paid.status, paid.payment_method, paid.last_payment_error]).toEqual(['succeeded', card.id, null]);
  });

  it('is refused once it succeeded or was canceled, or without a payment method, and the intent is as it was', async () => {
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true }, k());
    const canceled = await stripe.paymentIntents.cancel((await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_visa' }, k())).id, {}, k());
    const bare = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, k());
    const unexpected = (message: string) => ({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'payment_intent_unexpected_state', message });
    expect({
      paid: await refusal(stripe.paymentIntents.confirm(paid.id, {}, k())),
      canceled: await refusal(stripe.paymentIntents.confirm(canceled.id, {}, k())),
      bare: await refusal(stripe.paymentIntents.confirm(bare.id, {}, k())),
    }).toEqual({
      paid: unexpected('You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.'),
      canceled: unexpected(
        'You cannot confirm this PaymentIntent because it has a status of canceled. Only a PaymentIntent with one of the following statuses may be confirmed: requires_payment_method, requires_confirmation, requires_action.',
      ),
      bare: unexpected(
        "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.",
      ),
    });
    const statuses = await Promise.all([paid, canceled, bare].map(async (intent) => (await stripe.paymentIntents.retrieve(intent.id)).status));
    expect(statuses).toEqual(['succeeded', 'canceled', 'requires_payment_method']);
  });
});
