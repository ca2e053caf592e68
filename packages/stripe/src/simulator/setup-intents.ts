// SetupIntents (docs.stripe.com/api/setup_intents) a person makes to save a card for a customer: created,
// retrieved, listed, confirmed and canceled. Confirmed with a test card's token (`pm_card_visa`,
// `pm_card_mastercard`), Stripe makes the payment method and saves it on the intent's customer; with a
// card already saved, only one of that customer's, and never one detached (payment-methods.ts);
// `pm_card_chargeDeclined` is declined with a 402 card_error that keeps the intent waiting for another
// card, the decline its `last_setup_error`.
import type { SimulatorResponse } from '@backspace/simulator-kit';
import { allowOnly, listedCustomer, listPage, named, oneOf, text, type Desk } from './desk.js';
import { fail, invalid, stripeError } from './errors.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import { cardFromToken, DECLINED, usableMethod } from './payment-methods.js';
import { paymentMethodTypes } from './checkout.js';
import type { AddRoute } from './customers.js';

/** Only a SetupIntent still waiting for something may be confirmed or canceled (`processing` may not). */
const WAITING = ['requires_payment_method', 'requires_confirmation', 'requires_action'];

const unexpectedState = (action: string, status: string) =>
  stripeError(400, 'invalid_request_error', `You cannot ${action} this SetupIntent because it has a status of ${status}.`, { code: 'setup_intent_unexpected_state' });

/** The card is checked (declined: a 402), then saved: made from a test token, on the intent's customer. */
function setUp(desk: Desk, intent: StripeObject, method: string, saved: StripeObject | undefined): SimulatorResponse {
  if (method === DECLINED) {
    const declined = { code: 'card_declined', decline_code: 'generic_decline' };
    Object.assign(intent, { status: 'requires_payment_method', payment_method: null, last_setup_error: { type: 'card_error', ...declined, message: 'Your card was declined.' } });
    return stripeError(402, 'card_error', 'Your card was declined.', declined);
  }
  const customer = intent['customer'] as string | null;
  // A card from a test token is made unattached, then attached to the customer, as one saved is:
  // Stripe announces either as `payment_method.attached`.
  const card = saved ?? cardFromToken(desk, method, null);
  if (customer !== null && card['customer'] === null) {
    desk.touch(card, 'payment_method.attached');
    card['customer'] = customer;
  }
  Object.assign(intent, { payment_method: card.id, status: 'succeeded', last_setup_error: null });
  return { status: 200, body: intent };
}

export function setupIntentRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/setup_intents', (params) => {
    allowOnly(params, ['customer', 'description', 'metadata', 'payment_method', 'allowed_payment_method_types', 'usage']);
    const customer = text(params, 'customer');
    if (customer !== undefined) named(desk, 'customer', customer, 'customer');
    // A test card's token (as a payment intent takes it) or a payment method already made, the customer's own.
    const method = text(params, 'payment_method');
    if (method !== undefined) usableMethod(desk, method, customer ?? null, 'SetupIntent');
    const types = paymentMethodTypes(params);
    const id = desk.id('seti');
    const intent = fromExample('setup_intent', {
      id, created: desk.now(), customer: customer ?? null, description: text(params, 'description') ?? null, metadata: mergeMetadata({}, params['metadata']),
      payment_method: method ?? null, status: method ? 'requires_confirmation' : 'requires_payment_method', usage: oneOf(params, 'usage', ['on_session', 'off_session'] as const) ?? 'off_session',
      // Without types given, Stripe offers what the account has turned on (a card here).
      payment_method_types: types ?? ['card'], automatic_payment_methods: types ? null : { enabled: true },
      client_secret: `${id}_secret_simulated`, last_setup_error: null, next_action: null, payment_method_configuration_details: null,
    });
    desk.state.objects.set(id, intent);
    return { status: 200, body: intent };
  });
  add('GET', '/v1/setup_intents/:id', (_params, { id }) => ({ status: 200, body: desk.get('setup_intent', id!, 'intent', 'setupintent') }));
  add('GET', '/v1/setup_intents', (params) => {
    const customer = listedCustomer(desk, params);
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'setup_intent' && (customer === undefined || found['customer'] === customer));
    return { status: 200, body: listPage(params, '/v1/setup_intents', data) };
  });
  // docs.stripe.com/api/setup_intents/confirm: with the payment method it holds, or the one named.
  add('POST', '/v1/setup_intents/:id/confirm', (params, { id }) => {
    allowOnly(params, ['payment_method', 'return_url']);
    const intent = desk.get('setup_intent', id!, 'intent', 'setupintent');
    const status = String(intent['status']);
    if (!WAITING.includes(status)) fail(unexpectedState('confirm', status));
    const method = text(params, 'payment_method') ?? (intent['payment_method'] as string | null);
    if (!method) {
      fail(invalid("You cannot confirm this SetupIntent because it's missing a payment method. Update the SetupIntent with a payment method and then confirm it again.", undefined, 'setup_intent_unexpected_state'));
    }
    const saved = usableMethod(desk, method, intent['customer'] as string | null, 'SetupIntent');
    text(params, 'return_url');
    return setUp(desk, intent, method, saved);
  });
  add('POST', '/v1/setup_intents/:id/cancel', (params, { id }) => {
    allowOnly(params, ['cancellation_reason']);
    const intent = desk.get('setup_intent', id!, 'intent', 'setupintent');
    const status = String(intent['status']);
    if (!WAITING.includes(status)) return unexpectedState('cancel', status);
    Object.assign(intent, { status: 'canceled', cancellation_reason: oneOf(params, 'cancellation_reason', ['abandoned', 'duplicate', 'requested_by_customer'] as const) ?? null });
    return { status: 200, body: intent };
  });
}
