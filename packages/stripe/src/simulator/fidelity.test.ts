// The simulator's answers against Stripe's own example objects (spec/stripe-fixtures.subset.json, read
// here from the package's spec, never from the shared vendor copy): every answer the adapter uses has
// exactly the example's fields, and each field the same JSON type wherever both hold a value (null
// stands for Stripe's nullable fields). Answers are asked for through the official SDK, as a person would.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createStripeSimulator, SEEDED_PRICES, type StripeSimulator } from './index.js';
import { key, personOn } from '../test-support/person.js';

const { resources: EXAMPLES } = JSON.parse(readFileSync(new URL('../../spec/stripe-fixtures.subset.json', import.meta.url), 'utf8')) as { resources: Record<string, unknown> };

/** Fields whose keys are the account's own (metadata) or Stripe's free-form hashes: compared as objects only. */
const FREE_FORM = new Set(['metadata', 'payment_method_options', 'amount_details', 'object', 'previous_attributes']);

/**
 * Fields Stripe sends only on some objects of a kind, absent from the one example: an event's
 * `previous_attributes`, on `*.updated` events only (the example is a `plan.created`).
 */
const NOT_ALWAYS_SENT = new Set(["event.data.previous_attributes: not in Stripe's example"]);

const kind = (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value);

function differences(example: unknown, actual: unknown, path: string): string[] {
  if (example === null || actual === null) return [];
  if (kind(example) !== kind(actual)) return [`${path}: ${kind(actual)}, Stripe's example has ${kind(example)}`];
  if (Array.isArray(example)) return example.length > 0 && (actual as unknown[]).length > 0 ? differences(example[0], (actual as unknown[])[0], `${path}[0]`) : [];
  if (kind(example) !== 'object' || FREE_FORM.has(path.split('.').at(-1)!)) return [];
  const expected = example as Record<string, unknown>;
  const got = actual as Record<string, unknown>;
  return [
    ...Object.keys(expected).filter((name) => !(name in got)).map((name) => `${path}.${name}: missing`),
    ...Object.keys(got).filter((name) => !(name in expected)).map((name) => `${path}.${name}: not in Stripe's example`),
    ...Object.keys(expected).filter((name) => name in got).flatMap((name) => differences(expected[name], got[name], `${path}.${name}`)),
  ];
}

/** The answer's JSON as Stripe sent it (the SDK adds `lastResponse`, which is not part of the object). */
const json = (answer: unknown) => JSON.parse(JSON.stringify(answer, (name, value) => (name === 'lastResponse' ? undefined : value)));

describe('stripe simulator fidelity to Stripe’s example objects', () => {
  let simulator: StripeSimulator;
  const answers: [string, unknown][] = [];
  /**
   * The lists a rollback reads (what references a customer or a coupon; what was made since a write whose
   * answer was lost, newest first, a page at a time), filtered as asked: each with the ids it should hold
   * and whether more follow.
   */
  const lists: [string, Stripe.ApiList<{ id?: string }>, string[], boolean?][] = [];
  beforeAll(async () => {
    simulator = await createStripeSimulator();
    const stripe = personOn(simulator);
    const k = () => ({ idempotencyKey: key() });
    const customer = await stripe.customers.create({ name: 'ACME', email: 'ap@acme.test', metadata: { plan: 'pro' } }, k());
    answers.push(['customer', customer], ['customer', await stripe.customers.update(customer.id, { name: 'ACME Corp' }, k())], ['customer', await stripe.customers.retrieve(customer.id)]);
    const later = await stripe.customers.create({ name: 'Globex' }, k());
    lists.push(['customer', await stripe.customers.list({ created: { gte: customer.created }, limit: 1 }), [later.id], true]);
    lists.push(['customer', await stripe.customers.list({ created: { gte: customer.created }, limit: 1, starting_after: later.id }), [customer.id]]);
    const coupon = await stripe.coupons.create({ percent_off: 25, duration: 'repeating', duration_in_months: 3, name: '25 off' }, k());
    answers.push(['coupon', coupon], ['coupon', await stripe.coupons.retrieve(coupon.id)]);
    lists.push(['coupon', await stripe.coupons.list({ created: { gte: coupon.created }, limit: 100 }), [coupon.id]]);
    const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: 'ACME25' }, k());
    answers.push(['promotion_code', code], ['promotion_code', await stripe.promotionCodes.update(code.id, { active: false }, k())]);
    lists.push(['promotion_code', await stripe.promotionCodes.list({ coupon: coupon.id, limit: 100 }), [code.id]]);
    const subscription = await stripe.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic, quantity: 2 }] }, k());
    const updated = await stripe.subscriptions.update(subscription.id, { items: [{ id: subscription.items.data[0]!.id, quantity: 3 }], discounts: [{ coupon: coupon.id }], cancel_at_period_end: true, expand: ['discounts'] }, k());
    answers.push(['subscription', subscription], ['subscription', { ...updated, discounts: [] }], ['subscription_item', updated.items.data[0]], ['discount', updated.discounts[0]]);
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd', description: 'Onboarding' }, k());
    answers.push(['invoiceitem', item], ['invoiceitem', await stripe.invoiceItems.retrieve(item.id)], ['invoiceitem', await stripe.invoiceItems.update(item.id, { quantity: 2, unit_amount_decimal: Stripe.Decimal.from('750') }, k())]);
    // Since the subscription was made, so the proration its update billed is listed too whether or not a
    // second turned between it and the item (the item first: the newest).
    lists.push(['invoiceitem', await stripe.invoiceItems.list({ customer: customer.id, created: { gte: subscription.created }, limit: 1 }), [item.id], true]);
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' }, k());
    answers.push(['invoice', invoice], ['invoice', await stripe.invoices.finalizeInvoice(invoice.id, {}, k())], ['invoice', await stripe.invoices.voidInvoice(invoice.id, {}, k())]);
    lists.push(['invoice', await stripe.invoices.list({ customer: customer.id, limit: 100 }), [invoice.id]]);
    const other = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd' }, k());
    answers.push(['deleted_invoiceitem', await stripe.invoiceItems.del(other.id)]);
    const paid = await stripe.paymentIntents.create({ amount: 4700, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'automatic' }, k());
    const refund = await stripe.refunds.create({ payment_intent: paid.id, amount: 1000 }, k());
    answers.push(['payment_intent', paid], ['refund', refund]);
    lists.push(['refund', await stripe.refunds.list({ payment_intent: paid.id, limit: 100 }), [refund.id]]);
    const held = await stripe.paymentIntents.create({ amount: 9900, currency: 'eur', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, k());
    answers.push(['payment_intent', await stripe.paymentIntents.capture(held.id, { amount_to_capture: 9000 }, k())]);
    const canceled = await stripe.paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', confirm: true, capture_method: 'manual' }, k());
    answers.push(['payment_intent', await stripe.paymentIntents.cancel(canceled.id, {}, k())]);
    const confirmed = await stripe.paymentIntents.confirm((await stripe.paymentIntents.create({ amount: 1200, currency: 'usd', payment_method: 'pm_card_visa' }, k())).id, {}, k());
    answers.push(['payment_intent', confirmed], ['payment_intent', await stripe.paymentIntents.update(confirmed.id, { description: 'Paid by phone', metadata: { ticket: 'T-9' } }, k())]);
    const billed = await stripe.paymentIntents.create({ amount: 2500, currency: 'usd', customer: customer.id, payment_method: 'pm_card_visa', confirm: true }, k());
    lists.push(['payment_intent', await stripe.paymentIntents.list({ customer: customer.id, limit: 100 }), [billed.id]]);
    const saved = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id }, k());
    answers.push(['payment_method', saved], ['payment_method', await stripe.paymentMethods.retrieve(saved.id)]);
    lists.push(['payment_method', await stripe.customers.listPaymentMethods(customer.id, { limit: 100 }), [saved.id]]);
    // What a person adds on a customer that its deletion planning reads: tax IDs, a legacy card source, a
    // cash balance and balance transactions (in the customer's answer when expanded), quotes and schedules.
    const taxId = await stripe.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' }, k());
    const card = await stripe.customers.createSource(customer.id, { source: 'tok_visa' }, k());
    answers.push(['tax_id', taxId], ['card', card], ['customer_balance_transaction', await stripe.customers.createBalanceTransaction(customer.id, { amount: -500, currency: 'usd' }, k())]);
    answers.push(['customer_cash_balance_transaction', await stripe.testHelpers.customers.fundCashBalance(customer.id, { amount: 5000, currency: 'eur' }, k())]);
    const expanded = (await stripe.customers.retrieve(customer.id, { expand: ['tax_ids', 'sources', 'cash_balance'] })) as Stripe.Customer;
    answers.push(['cash_balance', expanded.cash_balance], ['cash_balance', await stripe.customers.retrieveCashBalance(customer.id)]);
    lists.push(['tax_id', expanded.tax_ids!, [taxId.id]], ['card', expanded.sources as Stripe.ApiList<{ id: string }>, [card.id]]);
    answers.push(['deleted_tax_id', await stripe.customers.deleteTaxId(customer.id, (await stripe.customers.createTaxId(customer.id, { type: 'us_ein', value: '12-3456789' }, k())).id)]);
    const quote = await stripe.quotes.create({ customer: customer.id, line_items: [{ price: SEEDED_PRICES.pro, quantity: 1 }] }, k());
    const schedule = await stripe.subscriptionSchedules.create({ customer: customer.id, start_date: Math.floor(Date.now() / 1000) + 86_400, phases: [{ items: [{ price: SEEDED_PRICES.basic }], duration: { interval: 'month', interval_count: 1 } }] }, k());
    answers.push(['quote', quote], ['subscription_schedule', schedule]);
    lists.push(['quote', await stripe.quotes.list({ customer: customer.id, limit: 100 }), [quote.id]], ['subscription_schedule', await stripe.subscriptionSchedules.list({ customer: customer.id, limit: 100 }), [schedule.id]]);
    // A checkout and a card being saved a person started for the customer: deletion planning lists the open
    // sessions and the intents not yet finished.
    const saving = await stripe.checkout.sessions.create({ customer: customer.id, mode: 'setup', currency: 'usd', success_url: 'https://acme.test/saved' }, k());
    const subscribing = await stripe.checkout.sessions.create({ customer: customer.id, mode: 'subscription', line_items: [{ price: SEEDED_PRICES.pro, quantity: 2 }] }, k());
    answers.push(['checkout.session', saving], ['checkout.session', await stripe.checkout.sessions.retrieve(subscribing.id)], ['checkout.session', await stripe.checkout.sessions.expire(saving.id, {}, k())]);
    lists.push(['checkout.session', await stripe.checkout.sessions.list({ customer: customer.id, status: 'open', limit: 100 }), [subscribing.id]]);
    lists.push(['checkout.session', await stripe.checkout.sessions.list({ customer: customer.id, limit: 1 }), [subscribing.id], true]);
    lists.push(['checkout.session', await stripe.checkout.sessions.list({ customer: customer.id, limit: 1, starting_after: subscribing.id }), [saving.id]]);
    const confirming = await stripe.setupIntents.create({ customer: customer.id, payment_method: 'pm_card_visa' }, k());
    const abandoned = await stripe.setupIntents.create({ customer: customer.id, allowed_payment_method_types: ['card'] }, k());
    answers.push(['setup_intent', confirming], ['setup_intent', await stripe.setupIntents.retrieve(confirming.id)], ['setup_intent', await stripe.setupIntents.cancel(abandoned.id, { cancellation_reason: 'abandoned' }, k())]);
    lists.push(['setup_intent', await stripe.setupIntents.list({ customer: customer.id, limit: 100 }), [abandoned.id, confirming.id]]);
    answers.push(['setup_intent', await stripe.setupIntents.confirm(confirming.id, {}, k())]);
    // Stripe announces a session when it ends, never when it is made; an intent when made and when canceled.
    const ended = await stripe.events.list({ types: ['checkout.session.created', 'checkout.session.expired', 'setup_intent.created', 'setup_intent.canceled'], limit: 100 });
    expect(ended.data.map((event) => [event.type, (event.data.object as { id: string }).id])).toEqual([
      ['setup_intent.canceled', abandoned.id], ['setup_intent.created', abandoned.id], ['setup_intent.created', confirming.id], ['checkout.session.expired', saving.id],
    ]);
    answers.push(['subscription', await stripe.subscriptions.cancel(subscription.id)]);
    answers.push(['deleted_coupon', await stripe.coupons.del(coupon.id)], ['deleted_customer', await stripe.customers.del(customer.id)]);
    // Deleting the customer detached the card saved on it, deleted its source and canceled its schedule.
    expect((await stripe.paymentMethods.retrieve(saved.id)).customer).toBeNull();
    expect((await stripe.subscriptionSchedules.retrieve(schedule.id)).status).toBe('canceled');
    // The events those writes made, as a lookup reads them: the refund's, with the request that made it.
    const [refunded] = (await stripe.events.list({ types: ['refund.created'], limit: 100 })).data;
    expect(refunded?.request).toEqual({ id: expect.stringMatching(/^req_/), idempotency_key: expect.any(String) });
    answers.push(['event', refunded], ['event', (await stripe.events.list({ type: 'customer.updated', limit: 1 })).data[0]]);
    const price = await stripe.prices.create({ currency: 'usd', unit_amount: 2000, recurring: { interval: 'month' }, product_data: { name: 'Basic' }, lookup_key: 'basic_monthly' }, k());
    answers.push(['price', price], ['price', (await stripe.prices.list({ lookup_keys: ['basic_monthly'] })).data[0]]);
  });
  afterAll(() => simulator.close());

  it('answers every object the adapter uses with the example object’s fields and types', () => {
    const found = answers.flatMap(([name, answer]) => differences(EXAMPLES[name], json(answer), name)).filter((difference) => !NOT_ALWAYS_SENT.has(difference));
    expect(found).toEqual([]);
    expect(new Set(answers.map(([name]) => name))).toEqual(new Set(Object.keys(EXAMPLES)));
  });

  it('answers the lists a rollback reads as Stripe lists, holding only what the filter names, each item the example object', () => {
    expect([...new Set(lists.map(([name]) => name))].sort()).toEqual(['card', 'checkout.session', 'coupon', 'customer', 'invoice', 'invoiceitem', 'payment_intent', 'payment_method', 'promotion_code', 'quote', 'refund', 'setup_intent', 'subscription_schedule', 'tax_id']);
    for (const [name, list, ids, more = false] of lists) {
      expect(Object.keys(json(list)).sort(), name).toEqual(['data', 'has_more', 'object', 'url']);
      expect([list.object, list.has_more, list.data.map((item) => item.id)], name).toEqual(['list', more, ids]);
      expect(list.data.flatMap((item) => differences(EXAMPLES[name], json(item), `${name} (listed)`))).toEqual([]);
    }
  });

  it('answers a missing object, a card declined, an idempotency key reused and an object past ending in Stripe’s error envelope', async () => {
    const stripe = personOn(simulator);
    const failure = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('Stripe refused it'), (error: Stripe.errors.StripeError) => [error.statusCode, error.rawType, error.code]);
    expect(await failure(stripe.customers.retrieve('cus_nobody'))).toEqual([404, 'invalid_request_error', 'resource_missing']);
    expect(await failure(stripe.paymentIntents.create({ amount: 2000, currency: 'usd', payment_method: 'pm_card_chargeDeclined', confirm: true }, { idempotencyKey: key() }))).toEqual([402, 'card_error', 'card_declined']);
    const reused = key();
    await stripe.customers.create({ name: 'First' }, { idempotencyKey: reused });
    expect(await failure(stripe.customers.create({ name: 'Second' }, { idempotencyKey: reused }))).toEqual([400, 'idempotency_error', undefined]);
    expect(await failure(stripe.customers.create({ name: 'x', nickname: 'y' } as never, { idempotencyKey: key() }))).toEqual([400, 'invalid_request_error', 'parameter_unknown']);
    // An object a parameter names that Stripe cannot find is a bad request, naming the parameter; only a session still open can be expired.
    const named = (promise: Promise<unknown>) => promise.then(() => expect.unreachable('Stripe refused it'), (error: Stripe.errors.StripeError) => [error.statusCode, error.code, error.param]);
    expect(await named(stripe.checkout.sessions.create({ customer: 'cus_nobody', mode: 'setup', currency: 'usd' }, { idempotencyKey: key() }))).toEqual([400, 'resource_missing', 'customer']);
    expect(await named(stripe.setupIntents.create({ customer: 'cus_nobody' }, { idempotencyKey: key() }))).toEqual([400, 'resource_missing', 'customer']);
    const session = await stripe.checkout.sessions.create({ mode: 'setup', currency: 'usd' }, { idempotencyKey: key() });
    await stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: key() });
    expect(await failure(stripe.checkout.sessions.expire(session.id, {}, { idempotencyKey: key() }))).toEqual([400, 'invalid_request_error', undefined]);
    const intent = await stripe.setupIntents.create({}, { idempotencyKey: key() });
    await stripe.setupIntents.cancel(intent.id, {}, { idempotencyKey: key() });
    expect(await failure(stripe.setupIntents.cancel(intent.id, {}, { idempotencyKey: key() }))).toEqual([400, 'invalid_request_error', 'setup_intent_unexpected_state']);
  });
});
