// A PaymentIntent may charge only a payment method saved on its own customer: Stripe refuses one for a
// customer with a card saved on another (400 `invalid_request_error`, naming `payment_method`), and
// makes no PaymentIntent. Asked for through the official SDK, as a person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createStripeSimulator, type StripeSimulator } from './index.js';
import { key, personOn } from '../test-support/person.js';

/** What the SDK's error says of a refused request (a request answered is told apart), its message as Stripe sent it (the SDK puts the request's id before it). */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered, not refused',
    (error: Stripe.errors.StripeError) => ({ statusCode: error.statusCode, type: error.type, param: error.param, message: error.message.replace(/^\[req_\w+\] /, '') }),
  );

describe('a payment with a payment method saved on another customer', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let payer: Stripe.Customer;
  let owner: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    simulator = await createStripeSimulator({ rateLimit: false });
    stripe = personOn(simulator);
    payer = await stripe.customers.create({ name: 'ACME' }, k());
    owner = await stripe.customers.create({ name: 'Globex' }, k());
    card = await stripe.paymentMethods.attach('pm_card_visa', { customer: owner.id }, k());
  });
  afterAll(() => simulator.close());

  it('is refused, made or confirmed, naming payment_method, and no PaymentIntent is made', async () => {
    const refused = {
      statusCode: 400,
      type: 'StripeInvalidRequestError',
      param: 'payment_method',
      message: `The PaymentMethod ${card.id} does not belong to the Customer ${payer.id}. Please use the Customer that this PaymentMethod belongs to.`,
    };
    for (const confirm of [false, true]) {
      expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: payer.id, payment_method: card.id, confirm }, k()))).toEqual(refused);
    }
    expect((await stripe.paymentIntents.list({ customer: payer.id, limit: 100 })).data).toEqual([]);
    expect((await stripe.events.list({ type: 'payment_intent.created', limit: 100 })).data).toEqual([]);
    // The card stays with its customer, who can still pay with it.
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBe(owner.id);
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: owner.id, payment_method: card.id, confirm: true }, k());
    expect([paid.status, paid.customer, paid.payment_method]).toEqual(['succeeded', owner.id, card.id]);
  });
});
