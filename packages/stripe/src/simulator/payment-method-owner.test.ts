// A payment may charge only a payment method saved on its own customer, and a card's setup save only
// one of its own: Stripe refuses a PaymentIntent for a customer with a card saved on another, made,
// updated or confirmed, and a SetupIntent likewise, made or confirmed (400 `invalid_request_error`,
// naming `payment_method`), and makes or changes no intent. Asked for through the official SDK, as a
// person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { customerWithCard, key } from '../test-support/person.js';

describe('a payment with a payment method saved on another customer', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let payer: Stripe.Customer;
  let owner: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    ({ simulator, stripe, customer: owner, card } = await customerWithCard('Globex'));
    payer = await stripe.customers.create({ name: 'ACME' }, k());
  });
  afterAll(() => simulator.close());

  /** Stripe's answer for the owner's card asked for on the payer's behalf. */
  const refused = () => ({
    statusCode: 400,
    type: 'StripeInvalidRequestError',
    param: 'payment_method',
    message: `The PaymentMethod ${card.id} does not belong to the Customer ${payer.id}. Please use the Customer that this PaymentMethod belongs to.`,
  });

  it('is refused, made or confirmed, naming payment_method, and no PaymentIntent is made', async () => {
    for (const confirm of [false, true]) {
      expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: payer.id, payment_method: card.id, confirm }, k()))).toEqual(refused());
    }
    expect((await stripe.paymentIntents.list({ customer: payer.id, limit: 100 })).data).toEqual([]);
    expect((await stripe.events.list({ type: 'payment_intent.created', limit: 100 })).data).toEqual([]);
    // The card stays with its customer, who can still pay with it.
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBe(owner.id);
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: owner.id, payment_method: card.id, confirm: true }, k());
    expect([paid.status, paid.customer, paid.payment_method]).toEqual(['succeeded', owner.id, card.id]);
  });

  it('is refused on the payer’s PaymentIntent updated or confirmed with it, and the intent is as it was', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: payer.id }, k());
    expect(await refusal(stripe.paymentIntents.update(intent.id, { payment_method: card.id }, k()))).toEqual(refused());
    expect(await refusal(stripe.paymentIntents.confirm(intent.id, { payment_method: card.id }, k()))).toEqual(refused());
    // Nor may the owner's intent be handed to the payer while it holds the owner's card.
    const owners = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: owner.id, payment_method: card.id }, k());
    expect(await refusal(stripe.paymentIntents.update(owners.id, { customer: payer.id }, k()))).toEqual(refused());
    const [kept, ownersKept] = [await stripe.paymentIntents.retrieve(intent.id), await stripe.paymentIntents.retrieve(owners.id)];
    expect([kept.status, kept.payment_method, ownersKept.customer, ownersKept.payment_method]).toEqual(['requires_payment_method', null, owner.id, card.id]);
  });

  it('is refused on a SetupIntent made or confirmed with it, naming payment_method; a card of the payer’s own is saved on the payer', async () => {
    expect(await refusal(stripe.setupIntents.create({ customer: payer.id, payment_method: card.id }, k()))).toEqual(refused());
    expect((await stripe.setupIntents.list({ customer: payer.id, limit: 100 })).data).toEqual([]);
    const setup = await stripe.setupIntents.create({ customer: payer.id }, k());
    expect(await refusal(stripe.setupIntents.confirm(setup.id, { payment_method: card.id }, k()))).toEqual(refused());
    const waiting = await stripe.setupIntents.retrieve(setup.id);
    expect([waiting.status, waiting.payment_method]).toEqual(['requires_payment_method', null]);
    const saved = await stripe.setupIntents.confirm(setup.id, { payment_method: 'pm_card_visa' }, k());
    expect(saved.status).toBe('succeeded');
    expect((await stripe.paymentMethods.retrieve(saved.payment_method as string)).customer).toBe(payer.id);
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBe(owner.id);
  });
});
