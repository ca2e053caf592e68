// Stripe checks a whole request before it changes anything: a write that sets a valid field and names
// a bad one is answered 400 `invalid_request_error` and leaves every object as it was (the one it names,
// and what its valid part would have touched: prorations, a coupon's redemptions), with no event. Asked
// for through the official SDK, as a person's integration would, and read back the same way.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createStripeSimulator, SEEDED_PRICES, type StripeSimulator } from './index.js';
import { key, personOn } from '../test-support/person.js';

/** What the SDK's error says of a refused request (a request answered is told apart, so every case is compared at once). */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered, not refused',
    (error: Stripe.errors.StripeError) => ({ statusCode: error.statusCode, type: error.type, param: error.param }),
  );

/** The answer's JSON as Stripe sent it (the SDK adds `lastResponse`, which is not part of the object). */
const json = (answer: unknown) => JSON.parse(JSON.stringify(answer, (name, value) => (name === 'lastResponse' ? undefined : value)));

describe('a write Stripe refuses', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let others: Stripe.PaymentMethod;
  let subscription: Stripe.Subscription;
  let coupon: Stripe.Coupon;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    simulator = await createStripeSimulator({ rateLimit: false });
    stripe = personOn(simulator);
    customer = await stripe.customers.create({ name: 'ACME', metadata: { plan: 'pro' } }, k());
    const other = await stripe.customers.create({ name: 'Globex' }, k());
    others = await stripe.paymentMethods.attach('pm_card_visa', { customer: other.id }, k());
    subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, k());
    coupon = await stripe.coupons.create({ percent_off: 10, duration: 'forever' }, k());
  });
  afterAll(() => simulator.close());

  /** Every request below: a valid change first, then a parameter Stripe refuses, which it names. */
  const cases = (): [string, () => Promise<unknown>, string][] => [
    ['a customer renamed with a bad invoice prefix', () => stripe.customers.update(customer.id, { name: 'ACME Corp', metadata: { plan: 'team' }, invoice_prefix: 'not valid' }, k()), 'invoice_prefix'],
    [
      'a customer given an email and another customer’s card as its default',
      () => stripe.customers.update(customer.id, { email: 'ap@acme.test', balance: -500, invoice_settings: { default_payment_method: others.id } }, k()),
      'invoice_settings[default_payment_method]',
    ],
    [
      'a subscription’s quantity changed with a missing coupon',
      () => stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 3 }], discounts: [{ coupon: 'MISSING' }] }, k()),
      'discounts[0][coupon]',
    ],
    [
      'a subscription discounted by a coupon and a missing one',
      () => stripe.subscriptions.update(subscription.id, { metadata: { seats: '3' }, discounts: [{ coupon: coupon.id }, { coupon: 'MISSING' }] }, k()),
      'discounts[1][coupon]',
    ],
    [
      'a subscription made with a coupon and a missing one',
      () => stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.pro }], discounts: [{ coupon: coupon.id }, { coupon: 'MISSING' }] }, k()),
      'discounts[1][coupon]',
    ],
  ];

  it('is a 400 invalid_request_error, and every object is as it was, with no event', async () => {
    // What a half-applied write would show, read back as a person's integration reads it.
    const account = async () => ({
      customer: json(await stripe.customers.retrieve(customer.id)),
      subscription: json(await stripe.subscriptions.retrieve(subscription.id)),
      coupon: json(await stripe.coupons.retrieve(coupon.id)),
      subscriptions: (await stripe.subscriptions.list({ customer: customer.id, status: 'all', limit: 100 })).data.map((found) => found.id),
      invoiceItems: (await stripe.invoiceItems.list({ customer: customer.id, limit: 100 })).data.map((found) => found.id),
      events: (await stripe.events.list({ limit: 100 })).data.map((found) => found.type),
    });
    const before = await account();
    const found: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [name, request, param] of cases()) {
      found[name] = await refusal(request());
      expected[name] = { statusCode: 400, type: 'StripeInvalidRequestError', param };
    }
    expect(found).toEqual(expected);
    expect(await account()).toEqual(before);
  });

  it('leaves the object to the next write that is taken, whose event says what that write changed', async () => {
    const renamed = await stripe.customers.update(customer.id, { name: 'ACME Corp' }, k());
    expect([renamed.name, renamed.email, renamed.balance, renamed.metadata]).toEqual(['ACME Corp', null, 0, { plan: 'pro' }]);
    const [updated] = (await stripe.events.list({ type: 'customer.updated', limit: 1 })).data;
    expect(updated!.data.previous_attributes).toEqual({ name: 'ACME' });
  });

  it('keeps the PaymentIntent a card declined: Stripe made it before it charged, and keeps the decline on it', async () => {
    const declined = await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: 'pm_card_chargeDeclined', confirm: true }, k()));
    expect(declined).toEqual({ statusCode: 402, type: 'StripeCardError', param: undefined });
    const [kept] = (await stripe.paymentIntents.list({ customer: customer.id, limit: 100 })).data;
    expect(kept?.last_payment_error?.code).toBe('card_declined');
  });
});
