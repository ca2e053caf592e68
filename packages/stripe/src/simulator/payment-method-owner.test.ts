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

  it('is refused on a PaymentIntent without a customer, made, updated or confirmed with it: Stripe asks for the customer, and nothing is made or changed', async () => {
    // Stripe's words (a saved card is its customer's, so an intent for no one may not charge it); the code and
    // the legacy `source` param are as Stripe was seen to answer it.
    const belongs = {
      statusCode: 400, type: 'StripeInvalidRequestError', code: 'parameter_missing', param: 'source',
      message: `The \`payment_method\` parameter supplied ${card.id} belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`,
    };
    const before = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    for (const confirm of [false, true]) {
      expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: card.id, confirm }, k()))).toEqual(belongs);
    }
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(before);
    const bare = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd' }, k());
    expect(await refusal(stripe.paymentIntents.update(bare.id, { payment_method: card.id }, k()))).toEqual(belongs);
    expect(await refusal(stripe.paymentIntents.confirm(bare.id, { payment_method: card.id }, k()))).toEqual(belongs);
    const kept = await stripe.paymentIntents.retrieve(bare.id);
    expect([kept.status, kept.payment_method, kept.customer, kept.amount_received]).toEqual(['requires_payment_method', null, null, 0]);
    // A SetupIntent for no one may not take it either, made or confirmed.
    const setupBelongs = {
      statusCode: 400, type: 'StripeInvalidRequestError', param: 'payment_method',
      message: `The payment method supplied (${card.id}) belongs to the Customer ${owner.id}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`,
    };
    expect(await refusal(stripe.setupIntents.create({ payment_method: card.id }, k()))).toEqual(setupBelongs);
    const setup = await stripe.setupIntents.create({}, k());
    expect(await refusal(stripe.setupIntents.confirm(setup.id, { payment_method: card.id }, k()))).toEqual(setupBelongs);
    expect((await stripe.setupIntents.retrieve(setup.id)).status).toBe('requires_payment_method');
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBe(owner.id);
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
