// An object a request's body or query names that Stripe cannot find is a bad request: HTTP 400,
// `invalid_request_error`, `resource_missing`, `param` the parameter as sent, and a message naming the id
// (docs.stripe.com/error-codes/resource-missing). Only the object a path names answers 404. Asked for
// through the official SDK, as a person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { createStripeSimulator, SEEDED_PRICES, type StripeSimulator } from './index.js';
import { key, personOn } from '../test-support/person.js';

/** What the SDK's error says of a refused request (a request answered is told apart, so every case is compared at once). */
const refusal = (promise: Promise<unknown>) =>
  promise.then(
    () => 'answered, not refused',
    (error: Stripe.errors.StripeError) => ({ statusCode: error.statusCode, type: error.type, code: error.code, param: error.param, message: error.message }),
  );

/** Stripe's answer for an id a parameter names that is not there (the SDK puts the request's id before the message). */
const namedMissing = (param: string, id: string) => ({ statusCode: 400, type: 'StripeInvalidRequestError', code: 'resource_missing', param, message: expect.stringMatching(new RegExp(`No such [A-Za-z_ ]+: '${id}'$`)) });

describe('an object a parameter names that does not exist', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  let subscription: Stripe.Subscription;
  const k = () => ({ idempotencyKey: key() });
  const later = () => Math.floor(Date.now() / 1000) + 86_400;

  beforeAll(async () => {
    simulator = await createStripeSimulator({ rateLimit: false });
    stripe = personOn(simulator);
    customer = await stripe.customers.create({ name: 'ACME' }, k());
    subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, k());
  });
  afterAll(() => simulator.close());

  /** Every request below, each naming one missing object by the parameter it expects back. */
  const cases = (): [string, () => Promise<unknown>, string, string][] => [
    ['a quote for a missing customer', () => stripe.quotes.create({ customer: 'cus_missing', line_items: [{ price: SEEDED_PRICES.pro }] }, k()), 'customer', 'cus_missing'],
    ['a quote line of a missing price', () => stripe.quotes.create({ customer: customer.id, line_items: [{ price: SEEDED_PRICES.pro }, { price: 'price_missing' }] }, k()), 'line_items[1][price]', 'price_missing'],
    ['a schedule for a missing customer', () => stripe.subscriptionSchedules.create({ customer: 'cus_missing', start_date: later(), phases: [{ items: [{ price: SEEDED_PRICES.basic }] }] }, k()), 'customer', 'cus_missing'],
    ['a schedule phase item of a missing price', () => stripe.subscriptionSchedules.create({ customer: customer.id, start_date: later(), phases: [{ items: [{ price: 'price_missing' }] }] }, k()), 'phases[0][items][0][price]', 'price_missing'],
    ['a payment from a missing customer', () => stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: 'cus_missing' }, k()), 'customer', 'cus_missing'],
    ['a payment with a missing payment method', () => stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_missing' }, k()), 'payment_method', 'pm_missing'],
    ['a payment method attached to a missing customer', () => stripe.paymentMethods.attach('pm_card_visa', { customer: 'cus_missing' }, k()), 'customer', 'cus_missing'],
    ['a setup intent with a missing payment method', () => stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_missing' }, k()), 'payment_method', 'pm_missing'],
    ['a subscription for a missing customer', () => stripe.subscriptions.create({ customer: 'cus_missing', items: [{ price: SEEDED_PRICES.basic }] }, k()), 'customer', 'cus_missing'],
    ['a subscription item of a missing price', () => stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }, { price: 'price_missing' }] }, k()), 'items[1][price]', 'price_missing'],
    ['a subscription discounted by a missing coupon', () => stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }], discounts: [{ coupon: 'MISSING' }] }, k()), 'discounts[0][coupon]', 'MISSING'],
    ['a subscription discounted by a missing promotion code', () => stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }], discounts: [{ promotion_code: 'promo_missing' }] }, k()), 'discounts[0][promotion_code]', 'promo_missing'],
    ['a subscription item added with a missing price', () => stripe.subscriptions.update(subscription.id, { items: [{ price: 'price_missing' }] }, k()), 'items[0][price]', 'price_missing'],
    ['a subscription item moved to a missing price', () => stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, price: 'price_missing' }] }, k()), 'items[0][price]', 'price_missing'],
    ['an invoice item for a missing customer', () => stripe.invoiceItems.create({ customer: 'cus_missing', amount: 500, currency: 'usd' }, k()), 'customer', 'cus_missing'],
    ['an invoice item on a missing invoice', () => stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', invoice: 'in_missing' }, k()), 'invoice', 'in_missing'],
    ['an invoice for a missing customer', () => stripe.invoices.create({ customer: 'cus_missing' }, k()), 'customer', 'cus_missing'],
    ['a promotion code of a missing coupon', () => stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: 'MISSING' } }, k()), 'promotion[coupon]', 'MISSING'],
    ['a refund of a missing payment', () => stripe.refunds.create({ payment_intent: 'pi_missing' }, k()), 'payment_intent', 'pi_missing'],
    ['a customer’s default payment method that is missing', () => stripe.customers.update(customer.id, { invoice_settings: { default_payment_method: 'pm_missing' } }, k()), 'invoice_settings[default_payment_method]', 'pm_missing'],
    ['a customer’s default source that is missing', () => stripe.customers.update(customer.id, { default_source: 'card_missing' }, k()), 'default_source', 'card_missing'],
    ['a card source from a missing token', () => stripe.customers.createSource(customer.id, { source: 'tok_missing' }, k()), 'source', 'tok_missing'],
    ['a checkout line of a missing price', () => stripe.checkout.sessions.create({ customer: customer.id, mode: 'subscription', line_items: [{ price: 'price_missing', quantity: 1 }] }, k()), 'line_items[0][price]', 'price_missing'],
    ['a page after a missing object', () => stripe.customers.list({ starting_after: 'cus_missing' }), 'starting_after', 'cus_missing'],
    // A list filtered by a customer Stripe cannot find (docs.stripe.com/api/charges/list: "If you provide a non-existent customer ID, this call throws an error").
    ['subscriptions of a missing customer', () => stripe.subscriptions.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['invoice items of a missing customer', () => stripe.invoiceItems.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['invoices of a missing customer', () => stripe.invoices.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['payments of a missing customer', () => stripe.paymentIntents.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['setup intents of a missing customer', () => stripe.setupIntents.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['checkout sessions of a missing customer', () => stripe.checkout.sessions.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['quotes of a missing customer', () => stripe.quotes.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    ['schedules of a missing customer', () => stripe.subscriptionSchedules.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
    // A list of refunds filtered by a payment Stripe cannot find is refused the same way, naming the payment.
    ['refunds of a missing payment', () => stripe.refunds.list({ payment_intent: 'pi_missing' }), 'payment_intent', 'pi_missing'],
    ['promotion codes of a missing customer', () => stripe.promotionCodes.list({ customer: 'cus_missing' }), 'customer', 'cus_missing'],
  ];

  it('is a 400 resource_missing naming the parameter as sent, and the request makes nothing', async () => {
    // What a refused request could have left behind, read back as a person's integration lists it.
    const made = async () => [
      (await stripe.quotes.list({ limit: 100 })).data.length, (await stripe.subscriptionSchedules.list({ limit: 100 })).data.length,
      (await stripe.paymentIntents.list({ limit: 100 })).data.length, (await stripe.setupIntents.list({ limit: 100 })).data.length,
      (await stripe.subscriptions.list({ status: 'all', limit: 100 })).data.length, (await stripe.invoiceItems.list({ limit: 100 })).data.length,
      (await stripe.invoices.list({ limit: 100 })).data.length, (await stripe.promotionCodes.list({ limit: 100 })).data.length,
      (await stripe.refunds.list({ limit: 100 })).data.length, (await stripe.checkout.sessions.list({ limit: 100 })).data.length,
      (await stripe.customers.listPaymentMethods(customer.id, { limit: 100 })).data.length, (await stripe.customers.listSources(customer.id, { limit: 100 })).data.length,
    ];
    const before = await made();
    const found: Record<string, unknown> = {};
    const expected: Record<string, unknown> = {};
    for (const [name, request, param, id] of cases()) {
      found[name] = await refusal(request());
      expected[name] = namedMissing(param, id);
    }
    expect(found).toEqual(expected);
    expect(await made()).toEqual(before);
    // The subscription and the customer the refused updates named are as they were.
    expect((await stripe.subscriptions.retrieve(subscription.id)).items.data.map((item) => item.price.id)).toEqual([SEEDED_PRICES.basic]);
    const kept = (await stripe.customers.retrieve(customer.id)) as Stripe.Customer;
    expect([kept.invoice_settings.default_payment_method, kept.default_source]).toEqual([null, null]);
  });

  it('is not refused when it exists: a payment confirmed with a saved payment method or another test card is taken', async () => {
    const saved = await stripe.paymentMethods.attach('pm_card_mastercard', { customer: customer.id }, k());
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: customer.id, payment_method: saved.id, confirm: true }, k());
    const byCard = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_mastercard', confirm: true }, k());
    expect([paid.status, paid.payment_method, byCard.status]).toEqual(['succeeded', saved.id, 'succeeded']);
    // Confirming needs a payment method: without one Stripe refuses the intent's state, and nothing is made.
    const count = (await stripe.paymentIntents.list({ limit: 100 })).data.length;
    expect(await refusal(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', confirm: true }, k()))).toMatchObject({ statusCode: 400, code: 'payment_intent_unexpected_state' });
    expect((await stripe.paymentIntents.list({ limit: 100 })).data.length).toBe(count);
  });

  it('is not refused for a customer deleted since: a deleted customer is still Stripe’s to find, and its payments are listed', async () => {
    const leaving = await stripe.customers.create({ name: 'Initech' }, k());
    const paid = await stripe.paymentIntents.create({ amount: 2000, currency: 'usd', customer: leaving.id, payment_method: 'pm_card_visa', confirm: true }, k());
    await stripe.customers.del(leaving.id);
    expect((await stripe.paymentIntents.list({ customer: leaving.id, limit: 100 })).data.map((found) => found.id)).toEqual([paid.id]);
    expect((await stripe.subscriptions.list({ customer: leaving.id, limit: 100 })).data).toEqual([]);
  });

  it('is still a 404 when the path names it', async () => {
    const notFound = (param: string, id: string) => ({ statusCode: 404, type: 'StripeInvalidRequestError', code: 'resource_missing', param, message: expect.stringContaining(`'${id}'`) });
    expect(await refusal(stripe.customers.retrieve('cus_missing'))).toEqual(notFound('id', 'cus_missing'));
    expect(await refusal(stripe.customers.update('cus_missing', { name: 'x' }, k()))).toEqual(notFound('id', 'cus_missing'));
    expect(await refusal(stripe.paymentMethods.attach('pm_missing', { customer: customer.id }, k()))).toEqual(notFound('payment_method', 'pm_missing'));
    expect(await refusal(stripe.subscriptions.update('sub_missing', { metadata: { a: 'b' } }, k()))).toEqual(notFound('id', 'sub_missing'));
  });
});
