// Customers (docs.stripe.com/api/customers): create, retrieve, update, delete. A deleted customer is
// still retrievable, as `{ id, object: 'customer', deleted: true }`; deleting one cancels its subscriptions
// and detaches its saved payment methods.
import type { Router, SimulatorResponse } from '@backspace/simulator-kit';
import { allowOnly, integer, list, listedCustomer, listPage, named, nullable, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid, missing, missingNamed } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import { addressOf, customerView, goesWithCustomer, shippingOf } from './customer-parts.js';

export type StripeRoute = (params: FormObject, routeParams: Record<string, string>) => SimulatorResponse;
export type AddRoute = (method: string, path: string, handler: StripeRoute) => void;

const FIELDS = ['name', 'email', 'description', 'phone', 'metadata', 'address', 'shipping', 'business_name', 'individual_name'] as const;

/**
 * A customer's business and individual names (up to 150 characters): in its answer only once set, as in
 * Stripe's (its example customer has neither); '' unsets one.
 */
function setNames(customer: StripeObject, params: FormObject): void {
  for (const field of ['business_name', 'individual_name'] as const) {
    const value = text(params, field);
    if (value !== undefined && value.length > 150) fail(invalid(`Invalid ${field}: must be at most 150 characters`, field));
    if (value === '') delete customer[field];
    else if (value !== undefined) customer[field] = value;
  }
}

export function customerRoutes(add: AddRoute, desk: Desk): void {
  add('POST', '/v1/customers', (params) => {
    allowOnly(params, FIELDS);
    const id = desk.id('cus');
    const customer = fromExample('customer', {
      id,
      created: desk.now(),
      name: nullable(params, 'name', null),
      email: nullable(params, 'email', null),
      description: nullable(params, 'description', null),
      phone: nullable(params, 'phone', null),
      metadata: mergeMetadata({}, params['metadata']),
      discount: null,
      // A customer made without them has none (the example's empty address and shipping are Stripe's placeholders).
      address: params['address'] === undefined ? null : addressOf(params['address'], 'address'),
      shipping: params['shipping'] === undefined ? null : shippingOf(params['shipping']),
      balance: 0,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
    });
    setNames(customer, params);
    desk.state.objects.set(id, customer);
    return { status: 200, body: customer };
  });
  add('GET', '/v1/customers/:id', (params, { id }) => {
    const customer = desk.state.objects.get(id!);
    if (!customer || customer.object !== 'customer') fail(missing('customer', id!));
    return { status: 200, body: customerView(desk, customer, params) };
  });
  add('POST', '/v1/customers/:id', (params, { id }) => {
    allowOnly(params, [...FIELDS, 'balance', 'invoice_settings', 'default_source', 'tax_exempt', 'preferred_locales', 'invoice_prefix', 'next_invoice_sequence']);
    const customer = desk.get('customer', id!);
    for (const field of ['name', 'email', 'description', 'phone'] as const) customer[field] = nullable(params, field, customer[field]);
    setNames(customer, params);
    if (params['address'] !== undefined) customer['address'] = addressOf(params['address'], 'address');
    if (params['shipping'] !== undefined) customer['shipping'] = shippingOf(params['shipping']);
    updateDefaults(desk, customer, params);
    // '' unsets tax_exempt back to 'none'.
    const exempt = oneOf(params, 'tax_exempt', ['', 'none', 'exempt', 'reverse'] as const);
    if (exempt !== undefined) customer['tax_exempt'] = exempt || 'none';
    if (params['preferred_locales'] !== undefined) customer['preferred_locales'] = list(params['preferred_locales']) ?? [];
    // A credit (negative) or a debit the customer's next invoices take up (docs.stripe.com/billing/customer/balance).
    const balance = integer(params, 'balance', { min: -Number.MAX_SAFE_INTEGER });
    if (balance !== undefined) customer['balance'] = balance;
    if (params['metadata'] !== undefined) customer['metadata'] = mergeMetadata(customer['metadata'], params['metadata']);
    // How its invoices are numbered: a prefix of 1 to 12 upper-case letters or digits, the next number.
    const prefix = text(params, 'invoice_prefix');
    if (prefix !== undefined && !/^[A-Z0-9]{1,12}$/.test(prefix)) fail(invalid('Invalid invoice_prefix: must be 1 to 12 uppercase letters or numbers.', 'invoice_prefix'));
    if (prefix !== undefined) customer['invoice_prefix'] = prefix;
    customer['next_invoice_sequence'] = integer(params, 'next_invoice_sequence', { min: 1 }) ?? customer['next_invoice_sequence'];
    return { status: 200, body: customerView(desk, customer, params) };
  });
  add('DELETE', '/v1/customers/:id', (_params, { id }) => {
    desk.get('customer', id!);
    for (const found of desk.state.objects.values()) {
      if (found['customer'] !== id) continue;
      goesWithCustomer(desk, found);
      if (found.object === 'subscription' && found['status'] !== 'canceled') Object.assign(found, { status: 'canceled', canceled_at: desk.now(), ended_at: desk.now() });
      // Its saved payment methods are detached: a card saved on it is no longer anyone's to charge.
      if (found.object === 'payment_method') {
        found['customer'] = null;
        desk.state.spent.add(found.id);
      }
    }
    const deleted = { id: id!, object: 'customer', deleted: true };
    desk.state.objects.set(id!, deleted);
    return { status: 200, body: deleted };
  });
  // Its default payment method for invoices must be one saved on it; its default source one of its sources ('' unsets either).
  function updateDefaults(desk: Desk, customer: StripeObject, params: FormObject): void {
    const settings = params['invoice_settings'];
    if (settings !== undefined) {
      if (typeof settings !== 'object' || Array.isArray(settings)) fail(invalid('Invalid object', 'invoice_settings'));
      allowOnly(settings, ['default_payment_method', 'footer', 'custom_fields']);
      const method = text(settings, 'default_payment_method');
      if (method) {
        const found = named(desk, 'payment_method', method, 'invoice_settings[default_payment_method]', 'PaymentMethod');
        if (found['customer'] !== customer.id) fail(invalid(`The customer does not have a payment method with the ID ${method}. The payment method must be attached to the customer.`, 'invoice_settings[default_payment_method]'));
      }
      const current = customer['invoice_settings'] as Record<string, unknown>;
      // Custom fields (name and value each) replace the ones there; '' removes them all.
      const given = settings['custom_fields'] === undefined ? undefined : ((list(settings['custom_fields']) ?? []) as FormObject[]);
      const custom = given?.map((field) => ({ name: required(text(field, 'name'), 'invoice_settings[custom_fields][name]'), value: required(text(field, 'value'), 'invoice_settings[custom_fields][value]') }));
      customer['invoice_settings'] = {
        ...current,
        default_payment_method: method === undefined ? current['default_payment_method'] : method || null,
        footer: nullable(settings, 'footer', current['footer']),
        custom_fields: custom === undefined ? current['custom_fields'] : custom.length > 0 ? custom : null,
      };
    }
    const source = text(params, 'default_source');
    // Another customer's card is no source of this one's: Stripe cannot find it either.
    if (source && named(desk, 'card', source, 'default_source', 'source')['customer'] !== customer.id) fail(missingNamed('source', source, 'default_source'));
    if (source !== undefined) customer['default_source'] = source || null;
  }
  // Customers, newest first (docs.stripe.com/api/customers/list: `email`, `created`, paging); deleted ones are not listed.
  add('GET', '/v1/customers', (params) => {
    const email = text(params, 'email');
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'customer' && found['deleted'] !== true && (email === undefined || found['email'] === email));
    return { status: 200, body: listPage(params, '/v1/customers', data) };
  });
  // What references a customer: its subscriptions (any status), invoice items, invoices, payment intents.
  for (const [path, object] of [['/v1/subscriptions', 'subscription'], ['/v1/invoiceitems', 'invoiceitem'], ['/v1/invoices', 'invoice'], ['/v1/payment_intents', 'payment_intent']] as const) {
    add('GET', path, (params) => {
      const customer = listedCustomer(desk, params);
      const status = text(params, 'status');
      const data = [...desk.state.objects.values()].filter(
        (found) => found.object === object && found['deleted'] !== true && (customer === undefined || found['customer'] === customer) && (object !== 'subscription' || status === 'all' || found['status'] !== 'canceled'),
      );
      return { status: 200, body: listPage(params, path, data) };
    });
  }
}
