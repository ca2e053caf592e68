// Payment methods saved on a customer (docs.stripe.com/api/payment_methods): attach, detach, retrieve,
// and a customer's list. In test mode a card is attached from one of Stripe's test tokens
// (`pm_card_visa`, `pm_card_mastercard`), which makes a new payment method each time, as Stripe does.
// Deleting a customer detaches them (customers.ts): a person's saved card goes with the customer. A
// payment method detached is spent: "it can no longer be used for a payment or re-attached to a Customer"
// (docs.stripe.com/api/payment_methods/detach). `usableMethod` is what a payment or a card's setup may use.
import { allowOnly, listPage, named, text, type Desk } from './desk.js';
import { fail, invalid, missing } from './errors.js';
import type { AddRoute } from './customers.js';
import { fromExample } from './from-example.js';
import type { StripeObject } from './objects.js';

/** Stripe's test tokens for cards, to the brand and last four digits of the card each stands for. */
export const TEST_CARDS: Record<string, { brand: string; last4: string }> = {
  pm_card_visa: { brand: 'visa', last4: '4242' },
  pm_card_mastercard: { brand: 'mastercard', last4: '4444' },
};

/** Stripe's test token for a card that is always declined. */
export const DECLINED = 'pm_card_chargeDeclined';

/** Stripe's refusal of a spent payment method for a payment or a setup, in its words. */
const REUSED =
  'The provided PaymentMethod was previously used with a PaymentIntent without Customer attachment, shared with a connected account without Customer attachment, or was detached from a Customer. It may not be used again. To use a PaymentMethod multiple times, you must attach it to a Customer first.';

/** A new payment method for the card a test token stands for, saved on `customer` (or on none). */
export function cardFromToken(desk: Desk, token: string, customer: string | null): StripeObject {
  const card = TEST_CARDS[token]!;
  const example = fromExample('payment_method', { id: 'pm_example', created: 0 });
  const method = fromExample('payment_method', {
    id: desk.id('pm'),
    created: desk.now(),
    customer,
    metadata: {},
    card: { ...(example['card'] as Record<string, unknown>), brand: card.brand, display_brand: card.brand, last4: card.last4 },
  });
  desk.state.objects.set(method.id, method);
  return method;
}

/**
 * The payment method a payment (`PaymentIntent`) or a card's setup (`SetupIntent`) names, as Stripe takes
 * it: a test card's token (undefined: no saved one), or a saved one not spent and saved on the intent's
 * customer; one saved on a customer is not for an intent of no one's. Anything else Stripe refuses
 * before it makes or changes the intent.
 */
export function usableMethod(desk: Desk, id: string, customer: string | null, intent: 'PaymentIntent' | 'SetupIntent' = 'PaymentIntent'): StripeObject | undefined {
  if (id in TEST_CARDS || id === DECLINED) return undefined;
  const param = 'payment_method';
  const saved = named(desk, 'payment_method', id, param, 'PaymentMethod');
  if (desk.state.spent.has(saved.id)) fail(invalid(REUSED));
  // A card saved on a customer is charged or set up only for that customer: Stripe asks for it. Its words
  // are those integrations report; for a payment, its code and the legacy `source` param are as Stripe
  // was seen to answer (a probe of test mode), for a setup, `payment_method` and no code.
  if (customer === null && saved['customer'] !== null) {
    const owner = String(saved['customer']);
    fail(
      intent === 'PaymentIntent'
        ? invalid(`The \`payment_method\` parameter supplied ${saved.id} belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the PaymentIntent.`, 'source', 'parameter_missing')
        : invalid(`The payment method supplied (${saved.id}) belongs to the Customer ${owner}. Please include the Customer in the \`customer\` parameter on the SetupIntent.`, param),
    );
  }
  // A card saved on one customer is not another's to charge or to set up.
  if (customer !== null && saved['customer'] !== null && saved['customer'] !== customer) {
    fail(invalid(`The PaymentMethod ${saved.id} does not belong to the Customer ${customer}. Please use the Customer that this PaymentMethod belongs to.`, param));
  }
  return saved;
}

export function paymentMethodRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/payment_methods/:id/attach', (params, { id }) => {
    allowOnly(params, ['customer']);
    const customerId = text(params, 'customer');
    if (!customerId) fail(invalid('Missing required param: customer.', 'customer', 'parameter_missing'));
    named(desk, 'customer', customerId, 'customer');
    if (TEST_CARDS[id!]) return { status: 200, body: cardFromToken(desk, id!, customerId) };
    const method = desk.get('payment_method', id!, 'payment_method');
    if (desk.state.spent.has(method.id)) fail(invalid('This PaymentMethod was previously used without being attached to a Customer or was detached from a Customer, and may not be used again.'));
    if (method['customer'] !== null && method['customer'] !== customerId) {
      fail(invalid('The payment method you provided has already been attached to a customer.', 'payment_method', 'payment_method_unexpected_state'));
    }
    method['customer'] = customerId;
    return { status: 200, body: method };
  });
  add('POST', '/v1/payment_methods/:id/detach', (params, { id }) => {
    allowOnly(params, []);
    const method = desk.get('payment_method', id!, 'payment_method');
    if (method['customer'] === null) fail(invalid('The payment method you provided is not attached to a customer so detachment is impossible.', undefined, 'payment_method_unexpected_state'));
    // A customer's default for invoices is unset with it.
    const customer = desk.state.objects.get(method['customer'] as string);
    const settings = customer?.['invoice_settings'] as { default_payment_method?: string | null } | undefined;
    if (customer && settings?.default_payment_method === method.id) {
      desk.touch(customer);
      customer['invoice_settings'] = { ...settings, default_payment_method: null };
    }
    method['customer'] = null;
    desk.state.spent.add(method.id);
    return { status: 200, body: method };
  });
  add('GET', '/v1/payment_methods/:id', (_params, { id }) => ({ status: 200, body: desk.get('payment_method', id!, 'payment_method') }));
  // A customer's saved payment methods, newest first (docs.stripe.com/api/payment_methods/customer_list).
  add('GET', '/v1/customers/:id/payment_methods', (params, { id }) => {
    const customer = desk.state.objects.get(id!);
    if (!customer || customer.object !== 'customer' || customer['deleted'] === true) fail(missing('customer', id!));
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'payment_method' && found['customer'] === id);
    return { status: 200, body: listPage(params, `/v1/customers/${id}/payment_methods`, data) };
  });
}
