// Checkout Sessions (docs.stripe.com/api/checkout/sessions) a person makes for a customer: created,
// retrieved, listed, and expired. No one completes a session here: it stays `open` until it is expired or
// its `expires_at` passes, as Stripe expires it then. SetupIntents are in setup-intents.ts.
import { allowOnly, currency, integer, list, listedCustomer, listPage, named, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/** A session left open past its `expires_at` has expired: its link no longer opens a checkout. */
function lapse(desk: Desk, session: StripeObject): StripeObject {
  if (session['status'] === 'open' && (session['expires_at'] as number) <= desk.now()) Object.assign(session, { status: 'expired', url: null });
  return session;
}

/** The session's line items as prices and quantities, checked against its mode as Stripe checks them. */
function pricedLines(desk: Desk, params: FormObject, mode: string): { amount: number; currency: string } | null {
  const entries = (list(params['line_items']) ?? []) as FormObject[];
  if (mode === 'setup') {
    if (entries.length > 0) fail(invalid('You cannot pass `line_items` in `setup` mode.', 'line_items'));
    return null;
  }
  if (entries.length === 0) fail(invalid(`Missing required param: line_items. It is required in \`${mode}\` mode.`, 'line_items', 'parameter_missing'));
  const lines = entries.map((entry, index) => {
    const param = `line_items[${index}][price]`;
    const price = named(desk, 'price', required(text(entry, 'price'), param), param);
    if (mode === 'payment' && price['recurring'] !== null) fail(invalid('You specified `payment` mode but passed a recurring price. Either switch to `subscription` mode or use only one-time prices.', param));
    return { price, quantity: integer(entry, 'quantity', { min: 1 }) ?? 1 };
  });
  if (mode === 'subscription' && lines.every((line) => line.price['recurring'] === null)) fail(invalid('You must provide at least one recurring price in `subscription` mode when using prices.', 'line_items'));
  const currencies = new Set(lines.map((line) => line.price['currency'] as string));
  if (currencies.size > 1) fail(invalid('All prices on a Checkout Session must be in the same currency.', 'line_items'));
  return { amount: lines.reduce((sum, line) => sum + (line.price['unit_amount'] as number) * line.quantity, 0), currency: [...currencies][0]! };
}

/**
 * The payment method types a person allows (`allowed_payment_method_types`, as this API version names the
 * parameter); the answer lists them as `payment_method_types`.
 */
export const paymentMethodTypes = (params: FormObject) => list(params['allowed_payment_method_types']) as string[] | undefined;

export function checkoutRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/checkout/sessions', (params) => {
    allowOnly(params, ['customer', 'customer_email', 'mode', 'line_items', 'currency', 'allowed_payment_method_types', 'success_url', 'cancel_url', 'client_reference_id', 'expires_at', 'metadata']);
    const mode = required(oneOf(params, 'mode', ['payment', 'setup', 'subscription'] as const), 'mode');
    const customer = text(params, 'customer');
    const email = text(params, 'customer_email');
    if (customer !== undefined && email !== undefined) fail(invalid('You may only specify one of these parameters: customer, customer_email.', 'customer_email'));
    if (customer !== undefined) named(desk, 'customer', customer, 'customer');
    const priced = pricedLines(desk, params, mode);
    // Setup mode saves a card for later: a currency or the payment method types say which can be offered.
    const types = paymentMethodTypes(params);
    const sessionCurrency = priced?.currency ?? (types ? (currency(params) ?? null) : required(currency(params), 'currency'));
    const created = desk.now();
    const expiresAt = integer(params, 'expires_at') ?? created + 24 * HOUR;
    if (expiresAt < created + 30 * MINUTE) fail(invalid('The `expires_at` timestamp must be at least 30 minutes from Checkout Session creation.', 'expires_at'));
    if (expiresAt > created + 24 * HOUR) fail(invalid('The `expires_at` timestamp must be less than 24 hours from Checkout Session creation.', 'expires_at'));
    const id = desk.id('cs_test');
    const example = fromExample('checkout.session', { id });
    const session = fromExample('checkout.session', {
      id, created, mode, expires_at: expiresAt, status: 'open', url: `https://checkout.stripe.com/c/pay/${id}`, ui_mode: 'hosted_page',
      customer: customer ?? null, customer_email: email ?? null, customer_creation: customer === undefined && mode === 'payment' ? 'if_required' : null, customer_details: null,
      currency: sessionCurrency, amount_subtotal: priced?.amount ?? null, amount_total: priced?.amount ?? null,
      payment_status: mode === 'setup' ? 'no_payment_required' : 'unpaid', total_details: priced ? { amount_discount: 0, amount_shipping: 0, amount_tax: 0 } : null,
      // Stripe makes the PaymentIntent, SetupIntent or subscription as the customer completes the session.
      payment_intent: null, setup_intent: null, subscription: null, invoice: null,
      invoice_creation: mode === 'payment' ? { ...(example['invoice_creation'] as object), enabled: false } : null,
      success_url: text(params, 'success_url') ?? null, cancel_url: text(params, 'cancel_url') ?? null, client_reference_id: text(params, 'client_reference_id') ?? null, metadata: mergeMetadata({}, params['metadata']),
      payment_method_types: types ?? ['card'], payment_method_collection: 'always', automatic_tax: { enabled: false, liability: null, status: null, provider: null }, adaptive_pricing: { enabled: false }, managed_payments: { enabled: false },
      custom_text: { after_submit: null, shipping_address: null, submit: null, terms_of_service_acceptance: null }, discounts: [],
      // The example's collected and converted amounts, shipping and consent belong to a completed session of its own.
      after_expiration: null, collected_information: null, consent: null, consent_collection: null, currency_conversion: null, payment_method_configuration_details: null,
      permissions: null, saved_payment_method_options: null, shipping_address_collection: null, shipping_cost: null, wallet_options: null,
    });
    desk.state.objects.set(id, session);
    return { status: 200, body: session };
  });
  add('GET', '/v1/checkout/sessions/:id', (_params, { id }) => ({ status: 200, body: lapse(desk, desk.get('checkout.session', id!, 'session')) }));
  // Newest first, by customer and by status (open, complete, expired), paged as every list.
  add('GET', '/v1/checkout/sessions', (params) => {
    const customer = listedCustomer(desk, params);
    const status = oneOf(params, 'status', ['open', 'complete', 'expired'] as const);
    const data = [...desk.state.objects.values()]
      .filter((found) => found.object === 'checkout.session' && (customer === undefined || found['customer'] === customer))
      .map((found) => lapse(desk, found))
      .filter((found) => status === undefined || found['status'] === status);
    return { status: 200, body: listPage(params, '/v1/checkout/sessions', data) };
  });
  add('POST', '/v1/checkout/sessions/:id/expire', (params, { id }) => {
    allowOnly(params, []);
    const session = lapse(desk, desk.get('checkout.session', id!, 'session'));
    if (session['status'] !== 'open') fail(invalid(`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of \`${String(session['status'])}\`.`));
    Object.assign(session, { status: 'expired', url: null });
    return { status: 200, body: session };
  });
}
