// What a customer holds besides its own fields (docs.stripe.com/api/customers): its addresses, its tax
// IDs (/api/tax_ids), legacy card sources from test tokens (/api/cards: the first becomes its
// `default_source`), its balance transactions (/api/customer_balance_transactions: each moves `balance`,
// or, in another currency than the customer's, `invoice_credit_balance`), and its cash balance
// (/api/cash_balance, funded in test mode by the test helper). `tax_ids`, `sources`, `cash_balance` and
// `invoice_credit_balance` are in a customer's answer only when asked for (`expand[]`), as in Stripe;
// deleting the customer deletes its tax IDs and sources and cancels its subscription schedules.
import { allowOnly, currency, integer, list, listPage, required, text, type Desk } from './desk.js';
import { fail, invalid, missing, missingNamed } from './errors.js';
import type { FormObject, FormValue } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';

const ADDRESS_FIELDS = ['city', 'country', 'line1', 'line2', 'postal_code', 'state'] as const;

/** An address parameter as Stripe keeps it: every field, null where not given; '' unsets it. */
export function addressOf(value: FormValue, param: string): Record<string, string | null> | null {
  if (value === '') return null;
  if (typeof value !== 'object' || Array.isArray(value)) fail(invalid('Invalid object', param));
  allowOnly(value, ADDRESS_FIELDS);
  return Object.fromEntries(ADDRESS_FIELDS.map((field) => [field, text(value, field) || null]));
}

/** A shipping parameter: a name and an address are required; '' unsets it. */
export function shippingOf(value: FormValue): Record<string, unknown> | null {
  if (value === '') return null;
  if (typeof value !== 'object' || Array.isArray(value)) fail(invalid('Invalid object', 'shipping'));
  allowOnly(value, ['name', 'address', 'phone']);
  return { address: addressOf(required(value['address'], 'shipping[address]'), 'shipping[address]'), name: required(text(value, 'name'), 'shipping[name]'), phone: text(value, 'phone') ?? null };
}

/** Stripe's test tokens for card sources (docs.stripe.com/testing#cards). */
const TEST_TOKENS: Record<string, { brand: string; last4: string }> = { tok_visa: { brand: 'Visa', last4: '4242' }, tok_mastercard: { brand: 'MasterCard', last4: '4444' } };

const of = (desk: Desk, object: string, customer: string) => [...desk.state.objects.values()].filter((found) => found.object === object && found['customer'] === customer && found['deleted'] !== true);
const cashKey = (customer: string) => `cashbal_${customer}`;

function cashBalance(desk: Desk, customer: string): StripeObject {
  const { id: _id, ...balance } = desk.state.objects.get(cashKey(customer)) ?? fromExample('cash_balance', { id: cashKey(customer), customer, available: null });
  return balance as StripeObject;
}

/** A customer's answer, with what `expand[]` asks to include. */
export function customerView(desk: Desk, customer: StripeObject, params: FormObject): StripeObject {
  if (customer['deleted'] === true) return customer;
  const expand = (list(params['expand']) ?? []) as string[];
  const listed = (object: string, path: string) => listPage({ limit: '10' }, `/v1/customers/${customer.id}/${path}`, of(desk, object, customer.id));
  return {
    ...customer,
    ...(expand.includes('tax_ids') ? { tax_ids: listed('tax_id', 'tax_ids') } : {}),
    ...(expand.includes('sources') ? { sources: listed('card', 'sources') } : {}),
    ...(expand.includes('cash_balance') ? { cash_balance: cashBalance(desk, customer.id) } : {}),
    ...(expand.includes('invoice_credit_balance') ? { invoice_credit_balance: invoiceCredit(desk, customer.id) } : {}),
  };
}

const creditKey = (customer: string) => `invcredit_${customer}`;

/**
 * A customer's balances in currencies other than its own (docs.stripe.com/api/customers/object:
 * `invoice_credit_balance`, in its answer when asked for). Stripe describes them with the sign opposite to
 * `balance`'s: positive is a credit. A currency stays listed once it had a balance, at 0 when netted out.
 */
function invoiceCredit(desk: Desk, customer: string): Record<string, number> {
  return { ...((desk.state.objects.get(creditKey(customer))?.['balances'] as Record<string, number> | undefined) ?? {}) };
}

/** Moves the currency's invoice credit by a balance transaction's amount (negative: a credit); answers its ending balance, in `balance`'s sign. */
function moveInvoiceCredit(desk: Desk, customer: string, code: string, amount: number): number {
  const balances = invoiceCredit(desk, customer);
  balances[code] = (balances[code] ?? 0) - amount;
  desk.state.objects.set(creditKey(customer), { id: creditKey(customer), object: 'invoice_credit_balance', customer, balances });
  return -balances[code]!;
}

/** What deleting its customer does to an object that names it (besides subscriptions and payment methods). */
export function goesWithCustomer(desk: Desk, found: StripeObject): void {
  if (found.object === 'tax_id' || found.object === 'card') desk.state.objects.set(found.id, { id: found.id, object: found.object, deleted: true });
  if (found.object === 'subscription_schedule' && (found['status'] === 'not_started' || found['status'] === 'active')) Object.assign(found, { status: 'canceled', canceled_at: desk.now() });
}

export function customerPartsRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/customers/:id/tax_ids', (params, { id }) => {
    allowOnly(params, ['type', 'value']);
    const customer = desk.get('customer', id!);
    const type = required(text(params, 'type'), 'type');
    if (!/^[a-z]{2,3}_[a-z]+$/.test(type)) fail(invalid(`Invalid type: ${type}`, 'type'));
    const taxId = fromExample('tax_id', { id: desk.id('txi'), created: desk.now(), customer: customer.id, owner: { type: 'customer', customer: customer.id, customer_account: null }, type, value: required(text(params, 'value'), 'value'), country: type.slice(0, 2).toUpperCase() });
    desk.state.objects.set(taxId.id, taxId);
    return { status: 200, body: taxId };
  });
  add('GET', '/v1/customers/:id/tax_ids', (params, { id }) => ({ status: 200, body: listPage(params, `/v1/customers/${id}/tax_ids`, of(desk, 'tax_id', desk.get('customer', id!).id)) }));
  add('GET', '/v1/customers/:customer/tax_ids/:id', (_params, { customer, id }) => {
    const taxId = desk.get('tax_id', id!);
    if (taxId['customer'] !== desk.get('customer', customer!, 'customer').id) fail(missing('tax_id', id!));
    return { status: 200, body: taxId };
  });
  add('DELETE', '/v1/customers/:customer/tax_ids/:id', (_params, { customer, id }) => {
    if (desk.get('tax_id', id!)['customer'] !== customer) fail(missing('tax_id', id!));
    const deleted = { id: id!, object: 'tax_id', deleted: true };
    desk.state.objects.set(id!, deleted);
    return { status: 200, body: deleted };
  });

  add('POST', '/v1/customers/:id/sources', (params, { id }) => {
    allowOnly(params, ['source', 'metadata']);
    const customer = desk.get('customer', id!);
    const token = required(text(params, 'source'), 'source');
    // Only Stripe's test tokens exist here: any other is a token the request names that Stripe cannot find.
    const card = TEST_TOKENS[token] ?? fail(missingNamed('token', token, 'source'));
    const source = fromExample('card', { id: desk.id('card'), customer: customer.id, brand: card.brand, last4: card.last4, metadata: mergeMetadata({}, params['metadata']), name: null });
    desk.state.objects.set(source.id, source);
    // A customer's first source becomes its default.
    if (customer['default_source'] === null) {
      desk.touch(customer);
      customer['default_source'] = source.id;
    }
    return { status: 200, body: source };
  });
  add('GET', '/v1/customers/:id/sources', (params, { id }) => ({ status: 200, body: listPage(params, `/v1/customers/${id}/sources`, of(desk, 'card', desk.get('customer', id!).id)) }));
  add('DELETE', '/v1/customers/:customer/sources/:id', (_params, { customer: customerId, id }) => {
    const customer = desk.get('customer', customerId!, 'customer');
    if (desk.get('card', id!, 'id', 'source')['customer'] !== customer.id) fail(missing('source', id!));
    desk.state.objects.set(id!, { id: id!, object: 'card', deleted: true });
    if (customer['default_source'] === id) {
      desk.touch(customer);
      customer['default_source'] = of(desk, 'card', customer.id).at(-1)?.id ?? null;
    }
    return { status: 200, body: { id: id!, object: 'card', deleted: true } };
  });

  add('POST', '/v1/customers/:id/balance_transactions', (params, { id }) => {
    allowOnly(params, ['amount', 'currency', 'description', 'metadata']);
    const customer = desk.get('customer', id!);
    const amount = required(integer(params, 'amount', { min: -Number.MAX_SAFE_INTEGER }), 'amount');
    const code = required(currency(params), 'currency');
    desk.touch(customer);
    // A customer without a currency takes the transaction's; one in another currency moves that
    // currency's invoice credit balance, not `balance` (which is in the customer's own currency).
    customer['currency'] ??= code;
    const ending = code === customer['currency'] ? (customer['balance'] = (customer['balance'] as number) + amount) : moveInvoiceCredit(desk, customer.id, code, amount);
    const entry = fromExample('customer_balance_transaction', { id: desk.id('cbtxn'), created: desk.now(), customer: customer.id, amount, currency: code, description: text(params, 'description') ?? null, ending_balance: ending, metadata: mergeMetadata({}, params['metadata']), type: 'adjustment' });
    desk.state.objects.set(entry.id, entry);
    return { status: 200, body: entry };
  });
  add('GET', '/v1/customers/:id/balance_transactions', (params, { id }) => ({ status: 200, body: listPage(params, `/v1/customers/${id}/balance_transactions`, of(desk, 'customer_balance_transaction', desk.get('customer', id!).id)) }));

  add('GET', '/v1/customers/:id/cash_balance', (_params, { id }) => ({ status: 200, body: cashBalance(desk, desk.get('customer', id!).id) }));
  add('POST', '/v1/test_helpers/customers/:id/fund_cash_balance', (params, { id }) => {
    allowOnly(params, ['amount', 'currency', 'reference']);
    const customer = desk.get('customer', id!);
    const amount = required(integer(params, 'amount', { min: 1 }), 'amount');
    const code = required(currency(params), 'currency');
    const balance = { ...cashBalance(desk, customer.id), id: cashKey(customer.id) } as StripeObject;
    const available = { ...(balance['available'] as Record<string, number> | null) };
    available[code] = (available[code] ?? 0) + amount;
    desk.state.objects.set(balance.id, { ...balance, available });
    const funded = fromExample('customer_cash_balance_transaction', { id: desk.id('ccsbtxn'), created: desk.now(), customer: customer.id, currency: code, net_amount: amount, ending_balance: available[code], type: 'funded' });
    desk.state.objects.set(funded.id, funded);
    return { status: 200, body: funded };
  });
}
