// Payment intents and refunds (docs.stripe.com/api/payment_intents, /api/refunds). Test cards as Stripe's
// test mode takes them: `pm_card_visa`, `pm_card_mastercard` and a payment method saved from one pay,
// `pm_card_chargeDeclined` is declined with a 402 card_error that keeps the intent, waiting for another
// payment method; a payment method saved on a customer is taken only for that customer's intents, and
// one detached is taken for none (payment-methods.ts). An intent is confirmed as it is made or later, and
// updated: its amount, currency, customer and payment method only while it waits for its payment.
import type { SimulatorResponse } from '@backspace/simulator-kit';
import { allowOnly, bool, currency, integer, listPage, named, nullable, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid, stripeError } from './errors.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';
import { DECLINED, usableMethod } from './payment-methods.js';

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
/** The statuses of an intent waiting for its payment: it may be confirmed, and what it charges changed. */
const WAITING = ['requires_payment_method', 'requires_confirmation', 'requires_action'];
/** What an update changes only while the intent waits for its payment; its description and metadata change any time. */
const WHILE_WAITING = ['amount', 'currency', 'customer', 'payment_method', 'capture_method'];
const CAPTURE_METHODS = ['automatic', 'automatic_async', 'manual'] as const;
const MISSING_METHOD =
  "You cannot confirm this PaymentIntent because it's missing a payment method. You can either update the PaymentIntent with a payment method and then confirm it again, or confirm it again directly with a payment method.";

const unexpectedState = (intent: StripeObject, action: string) =>
  stripeError(400, 'invalid_request_error', `This PaymentIntent could not be ${action} because it has a status of ${String(intent['status'])}.`, { code: 'payment_intent_unexpected_state' });

/**
 * Stripe charges the intent's payment method: the intent succeeds, or waits for its capture when captured
 * by hand; a declined card is a 402 after which the intent waits for another payment method, the decline
 * its `last_payment_error` (stripe-simulator.ts keeps what a card_error changed). Each outcome is
 * announced by its own event (docs.stripe.com/api/events/types): `payment_intent.succeeded`,
 * `payment_intent.amount_capturable_updated`, `payment_intent.payment_failed`.
 */
function charge(desk: Desk, intent: StripeObject): SimulatorResponse {
  if (intent['payment_method'] === DECLINED) {
    const declined = { code: 'card_declined', decline_code: 'generic_decline' };
    Object.assign(intent, { status: 'requires_payment_method', payment_method: null, last_payment_error: { type: 'card_error', ...declined, message: 'Your card was declined.' } });
    desk.announce(intent, 'payment_intent.payment_failed');
    return stripeError(402, 'card_error', 'Your card was declined.', declined);
  }
  Object.assign(intent, { latest_charge: desk.id('ch'), last_payment_error: null });
  if (intent['capture_method'] === 'manual') Object.assign(intent, { status: 'requires_capture', amount_capturable: intent['amount'] });
  else Object.assign(intent, { status: 'succeeded', amount_received: intent['amount'] });
  desk.announce(intent, intent['status'] === 'requires_capture' ? 'payment_intent.amount_capturable_updated' : 'payment_intent.succeeded');
  return { status: 200, body: intent };
}

export function paymentRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/payment_intents', (params) => {
    allowOnly(params, ['amount', 'currency', 'customer', 'payment_method', 'payment_method_types', 'allowed_payment_method_types', 'confirm', 'capture_method', 'description', 'metadata']);
    const amount = required(integer(params, 'amount', { min: 50 }), 'amount');
    const intentCurrency = required(currency(params), 'currency');
    const customer = text(params, 'customer') || null;
    if (customer) named(desk, 'customer', customer, 'customer');
    // A test card's token, or a payment method already made: Stripe refuses any other before making the intent.
    const method = text(params, 'payment_method') ?? null;
    if (method !== null) usableMethod(desk, method, customer);
    const confirm = bool(params, 'confirm') === true;
    if (confirm && method === null) fail(invalid(MISSING_METHOD, undefined, 'payment_intent_unexpected_state'));
    const captureMethod = oneOf(params, 'capture_method', CAPTURE_METHODS) ?? 'automatic_async';
    const id = desk.id('pi');
    const intent = fromExample('payment_intent', {
      id,
      created: desk.now(),
      amount,
      currency: intentCurrency,
      customer,
      description: text(params, 'description') ?? null,
      metadata: mergeMetadata({}, params['metadata']),
      capture_method: captureMethod,
      payment_method: method,
      status: method ? 'requires_confirmation' : 'requires_payment_method',
      amount_capturable: 0,
      amount_received: 0,
      canceled_at: null,
      cancellation_reason: null,
      client_secret: `${id}_secret_simulated`,
      last_payment_error: null,
      latest_charge: null,
      next_action: null,
      processing: null,
      shipping: null,
      transfer_data: null,
      payment_method_configuration_details: null,
      review: null,
    });
    desk.state.objects.set(id, intent);
    if (!confirm) return { status: 200, body: intent };
    // Made and confirmed at once, the intent is announced as made, then by its outcome (declined too).
    desk.announce(intent, 'payment_intent.created');
    return charge(desk, intent);
  });
  add('GET', '/v1/payment_intents/:id', (_params, { id }) => ({ status: 200, body: desk.get('payment_intent', id!, 'intent', 'payment_intent') }));
  // docs.stripe.com/api/payment_intents/update: a payment method given makes the intent wait for its confirmation.
  add('POST', '/v1/payment_intents/:id', (params, { id }) => {
    allowOnly(params, ['amount', 'currency', 'customer', 'payment_method', 'capture_method', 'description', 'metadata', 'receipt_email']);
    const intent = desk.get('payment_intent', id!, 'intent', 'payment_intent');
    const status = String(intent['status']);
    const locked = WHILE_WAITING.find((field) => params[field] !== undefined);
    if (locked && !WAITING.includes(status)) {
      const message = `This PaymentIntent's ${locked} could not be updated because it has a status of ${status}. You may only update the ${locked} of a PaymentIntent with one of the following statuses: ${WAITING.join(', ')}.`;
      fail(stripeError(400, 'invalid_request_error', message, { code: 'payment_intent_unexpected_state', param: locked }));
    }
    const amount = integer(params, 'amount', { min: 50 });
    const newCurrency = currency(params);
    const customer = text(params, 'customer');
    if (customer !== undefined) named(desk, 'customer', customer, 'customer');
    const method = text(params, 'payment_method');
    // The payment method it is to hold must be one the customer it is to have may use.
    const held = method ?? (intent['payment_method'] as string | null);
    if ((method !== undefined || customer !== undefined) && held) usableMethod(desk, held, customer ?? (intent['customer'] as string | null));
    const captureMethod = oneOf(params, 'capture_method', CAPTURE_METHODS);
    if (amount !== undefined) intent['amount'] = amount;
    if (newCurrency !== undefined) intent['currency'] = newCurrency;
    if (customer !== undefined) intent['customer'] = customer;
    if (method !== undefined) Object.assign(intent, { payment_method: method, status: 'requires_confirmation' });
    if (captureMethod !== undefined) intent['capture_method'] = captureMethod;
    intent['description'] = nullable(params, 'description', intent['description']);
    intent['receipt_email'] = nullable(params, 'receipt_email', intent['receipt_email']);
    if (params['metadata'] !== undefined) intent['metadata'] = mergeMetadata(intent['metadata'], params['metadata']);
    // The last payment's error "will be cleared if the PaymentIntent is later updated for any reason".
    intent['last_payment_error'] = null;
    return { status: 200, body: intent };
  });
  // docs.stripe.com/api/payment_intents/confirm: with the payment method it holds, or the one named.
  add('POST', '/v1/payment_intents/:id/confirm', (params, { id }) => {
    allowOnly(params, ['payment_method', 'capture_method', 'return_url', 'off_session', 'receipt_email']);
    const intent = desk.get('payment_intent', id!, 'intent', 'payment_intent');
    const status = String(intent['status']);
    const code = { code: 'payment_intent_unexpected_state' };
    if (status === 'succeeded') fail(stripeError(400, 'invalid_request_error', 'You cannot confirm this PaymentIntent because it has already succeeded after being previously confirmed.', code));
    if (!WAITING.includes(status)) {
      fail(stripeError(400, 'invalid_request_error', `You cannot confirm this PaymentIntent because it has a status of ${status}. Only a PaymentIntent with one of the following statuses may be confirmed: ${WAITING.join(', ')}.`, code));
    }
    const method = text(params, 'payment_method') ?? (intent['payment_method'] as string | null);
    if (!method) fail(invalid(MISSING_METHOD, undefined, 'payment_intent_unexpected_state'));
    usableMethod(desk, method, intent['customer'] as string | null);
    const captureMethod = oneOf(params, 'capture_method', CAPTURE_METHODS);
    bool(params, 'off_session');
    text(params, 'return_url');
    Object.assign(intent, { payment_method: method, capture_method: captureMethod ?? intent['capture_method'], receipt_email: nullable(params, 'receipt_email', intent['receipt_email']) });
    return charge(desk, intent);
  });
  add('POST', '/v1/payment_intents/:id/capture', (params, { id }) => {
    allowOnly(params, ['amount_to_capture', 'metadata']);
    const intent = desk.get('payment_intent', id!, 'intent', 'payment_intent');
    if (intent['status'] !== 'requires_capture') return unexpectedState(intent, 'captured');
    const capturable = intent['amount_capturable'] as number;
    const amount = integer(params, 'amount_to_capture', { min: 1 }) ?? capturable;
    if (amount > capturable) return invalid(`The amount to capture (${amount}) is greater than the amount capturable (${capturable}).`, 'amount_to_capture', 'amount_too_large');
    Object.assign(intent, { status: 'succeeded', amount_received: amount, amount_capturable: 0 });
    if (params['metadata'] !== undefined) intent['metadata'] = mergeMetadata(intent['metadata'], params['metadata']);
    return { status: 200, body: intent };
  });
  add('POST', '/v1/payment_intents/:id/cancel', (params, { id }) => {
    allowOnly(params, ['cancellation_reason']);
    const intent = desk.get('payment_intent', id!, 'intent', 'payment_intent');
    if (!CANCELABLE.includes(String(intent['status']))) return unexpectedState(intent, 'canceled');
    const reason = oneOf(params, 'cancellation_reason', ['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned'] as const);
    Object.assign(intent, { status: 'canceled', canceled_at: desk.now(), cancellation_reason: reason ?? null, amount_capturable: 0 });
    return { status: 200, body: intent };
  });

  add('POST', '/v1/refunds', (params) => {
    allowOnly(params, ['payment_intent', 'charge', 'amount', 'reason', 'metadata']);
    const intentId = text(params, 'payment_intent');
    const chargeId = text(params, 'charge');
    if (!intentId && !chargeId) fail(invalid('One of the following params should be provided for this request: payment_intent or charge.', 'payment_intent'));
    const intent = intentId
      ? named(desk, 'payment_intent', intentId, 'payment_intent', 'payment_intent')
      : ([...desk.state.objects.values()].find((found) => found.object === 'payment_intent' && found['latest_charge'] === chargeId) ?? fail(invalid(`No such charge: '${chargeId}'`, 'charge', 'resource_missing')));
    if (intent['status'] !== 'succeeded') fail(invalid(`This PaymentIntent (${intent.id}) does not have a successful charge to refund.`, 'payment_intent', 'charge_not_refundable'));
    const refunded = [...desk.state.objects.values()].filter((found) => found.object === 'refund' && found['payment_intent'] === intent.id).reduce((sum, found) => sum + (found['amount'] as number), 0);
    const remaining = (intent['amount_received'] as number) - refunded;
    if (remaining <= 0) fail(invalid(`Charge ${String(intent['latest_charge'])} has already been refunded.`, undefined, 'charge_already_refunded'));
    const amount = integer(params, 'amount', { min: 1 }) ?? remaining;
    if (amount > remaining) fail(invalid(`Refund amount (${amount}) is greater than unrefunded amount on charge (${remaining})`, 'amount', 'amount_too_large'));
    const id = desk.id('re');
    const refund = fromExample('refund', {
      id,
      created: desk.now(),
      amount,
      currency: intent['currency'],
      charge: intent['latest_charge'],
      payment_intent: intent.id,
      customer: intent['customer'] ?? null,
      reason: oneOf(params, 'reason', ['duplicate', 'fraudulent', 'requested_by_customer'] as const) ?? null,
      metadata: mergeMetadata({}, params['metadata']),
      status: 'succeeded',
      balance_transaction: desk.id('txn'),
    });
    desk.state.objects.set(id, refund);
    return { status: 200, body: refund };
  });
  add('GET', '/v1/refunds', (params) => {
    const intent = text(params, 'payment_intent');
    // A payment Stripe cannot find is a bad request naming it, as for any list filtered by an object.
    if (intent !== undefined) named(desk, 'payment_intent', intent, 'payment_intent', 'payment_intent');
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'refund' && (intent === undefined || found['payment_intent'] === intent));
    return { status: 200, body: listPage(params, '/v1/refunds', data) };
  });
  add('GET', '/v1/refunds/:id', (_params, { id }) => ({ status: 200, body: desk.get('refund', id!, 'refund') }));
}
