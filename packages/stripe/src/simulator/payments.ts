// Payment intents and refunds (docs.stripe.com/api/payment_intents, /api/refunds). Test cards as Stripe's
// test mode takes them: `pm_card_visa`, `pm_card_mastercard` and a payment method saved from one pay,
// `pm_card_chargeDeclined` is declined with a 402 card_error; a payment method saved on a customer is
// taken only for that customer's intents.
import { allowOnly, bool, currency, integer, listPage, named, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid, stripeError } from './errors.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';
import { TEST_CARDS } from './payment-methods.js';

const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];
/** Stripe's test token for a card that is always declined. */
const DECLINED = 'pm_card_chargeDeclined';

const unexpectedState = (intent: StripeObject, action: string) =>
  stripeError(400, 'invalid_request_error', `This PaymentIntent could not be ${action} because it has a status of ${String(intent['status'])}.`, { code: 'payment_intent_unexpected_state' });

export function paymentRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/payment_intents', (params) => {
    allowOnly(params, ['amount', 'currency', 'customer', 'payment_method', 'payment_method_types', 'allowed_payment_method_types', 'confirm', 'capture_method', 'description', 'metadata']);
    const amount = required(integer(params, 'amount', { min: 50 }), 'amount');
    const intentCurrency = required(currency(params), 'currency');
    const customer = text(params, 'customer');
    if (customer) named(desk, 'customer', customer, 'customer');
    // A test card's token, or a payment method already made: Stripe refuses any other before making the intent.
    const method = text(params, 'payment_method') ?? null;
    const saved = method !== null && !(method in TEST_CARDS) && method !== DECLINED ? named(desk, 'payment_method', method, 'payment_method', 'PaymentMethod') : undefined;
    // A card saved on one customer is not another's to charge: Stripe refuses the intent, made or confirmed.
    if (customer && saved && saved['customer'] !== null && saved['customer'] !== customer) {
      fail(invalid(`The PaymentMethod ${saved.id} does not belong to the Customer ${customer}. Please use the Customer that this PaymentMethod belongs to.`, 'payment_method'));
    }
    const confirm = bool(params, 'confirm') === true;
    if (confirm && method === null) fail(invalid("You cannot confirm this PaymentIntent because it's missing a payment method.", undefined, 'payment_intent_unexpected_state'));
    const captureMethod = oneOf(params, 'capture_method', ['automatic', 'automatic_async', 'manual'] as const) ?? 'automatic_async';
    const id = desk.id('pi');
    const intent = fromExample('payment_intent', {
      id,
      created: desk.now(),
      amount,
      currency: intentCurrency,
      customer: customer ?? null,
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
    if (confirm) {
      if (method === DECLINED) {
        intent['last_payment_error'] = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: 'Your card was declined.' };
        return stripeError(402, 'card_error', 'Your card was declined.', { code: 'card_declined', decline_code: 'generic_decline' });
      }
      intent['latest_charge'] = desk.id('ch');
      if (captureMethod === 'manual') Object.assign(intent, { status: 'requires_capture', amount_capturable: amount });
      else Object.assign(intent, { status: 'succeeded', amount_received: amount });
    }
    return { status: 200, body: intent };
  });
  add('GET', '/v1/payment_intents/:id', (_params, { id }) => ({ status: 200, body: desk.get('payment_intent', id!, 'intent', 'payment_intent') }));
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
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'refund' && (intent === undefined || found['payment_intent'] === intent));
    return { status: 200, body: listPage(params, '/v1/refunds', data) };
  });
  add('GET', '/v1/refunds/:id', (_params, { id }) => ({ status: 200, body: desk.get('refund', id!, 'refund') }));
}
