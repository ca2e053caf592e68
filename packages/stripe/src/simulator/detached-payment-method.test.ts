// A payment method detached from its customer (docs.stripe.com/api/payment_methods/detach: "it can no
// longer be used for a payment or re-attached to a Customer"), or left without one when its customer was
// deleted, is spent: Stripe refuses a PaymentIntent or a SetupIntent that would use it again, and
// attaching it again, each with a 400 `invalid_request_error` in Stripe's words, and nothing is made or
// changed. Asked for through the official SDK, as a person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import type { StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { customerWithCard, key } from '../test-support/person.js';

const reused = {
  statusCode: 400,
  type: 'StripeInvalidRequestError',
  message:
    'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.',
};

describe('a payment method detached from its customer', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let card: Stripe.PaymentMethod;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    ({ simulator, stripe, customer, card } = await customerWithCard());
    await stripe.paymentMethods.detach(card.id, {}, k());
  });
  afterAll(() => simulator.close());

  it('cannot pay again: a PaymentIntent made, updated or confirmed with it is refused, and a SetupIntent made or confirmed with it', async () => {
    const intent = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id }, k());
    const setup = await stripe.setupIntents.create({ customer: customer.id }, k());
    const found = {
      made: await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: card.id }, k())),
      'made and confirmed': await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: card.id, confirm: true }, k())),
      'made for no customer': await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: card.id, confirm: true }, k())),
      updated: await refusal(stripe.paymentIntents.update(intent.id, { payment_method: card.id }, k())),
      confirmed: await refusal(stripe.paymentIntents.confirm(intent.id, { payment_method: card.id }, k())),
      'setup made': await refusal(stripe.setupIntents.create({ customer: customer.id, payment_method: card.id }, k())),
      'setup confirmed': await refusal(stripe.setupIntents.confirm(setup.id, { payment_method: card.id }, k())),
    };
    expect(found).toEqual(Object.fromEntries(Object.keys(found).map((name) => [name, expect.objectContaining(reused)])));
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.map((found) => found.id)).toEqual([intent.id]);
    expect((await stripe.setupIntents.list({ limit: 100 })).data.map((found) => found.id)).toEqual([setup.id]);
    const [waiting, saving] = [await stripe.paymentIntents.retrieve(intent.id), await stripe.setupIntents.retrieve(setup.id)];
    expect([waiting.status, waiting.payment_method, saving.status, saving.payment_method]).toEqual(['requires_payment_method', null, 'requires_payment_method', null]);
  });

  it('cannot be attached again, to its customer or another', async () => {
    const other = await stripe.customers.create({ name: 'Globex' }, k());
    const again = { ...reused, message: 'This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.' };
    expect(await refusal(stripe.paymentMethods.attach(card.id, { customer: customer.id }, k()))).toMatchObject(again);
    expect(await refusal(stripe.paymentMethods.attach(card.id, { customer: other.id }, k()))).toMatchObject(again);
    expect((await stripe.paymentMethods.retrieve(card.id)).customer).toBeNull();
  });

  it('nor can a card whose customer was deleted pay again', async () => {
    const leaving = await stripe.customers.create({ name: 'Initech' }, k());
    const theirs = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: leaving.id }, k());
    await stripe.customers.del(leaving.id);
    expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: theirs.id, confirm: true }, k()))).toMatchObject(reused);
  });
});
