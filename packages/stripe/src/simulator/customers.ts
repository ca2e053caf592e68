// Customers (docs.stripe.com/api/customers): create, retrieve, update, delete. A deleted customer is
// still retrievable, as `{ id, object: 'customer', deleted: true }`; deleting one cancels its subscriptions
// and detaches its saved payment methods.
import type { Router, SimulatorResponse } from '@backspace/simulator-kit';
import { allowOnly, integer, listPage, nullable, text, type Desk } from './desk.js';
import { fail, missing } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata } from './objects.js';

export type StripeRoute = (params: FormObject, routeParams: Record<string, string>) => SimulatorResponse;
export type AddRoute = (method: string, path: string, handler: StripeRoute) => void;

const FIELDS = ['name', 'email', 'description', 'phone', 'metadata'] as const;

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
      shipping: null,
      balance: 0,
      invoice_prefix: id.slice(4, 12).toUpperCase(),
    });
    desk.state.objects.set(id, customer);
    return { status: 200, body: customer };
  });
  add('GET', '/v1/customers/:id', (_params, { id }) => {
    const customer = desk.state.objects.get(id!);
    if (!customer || customer.object !== 'customer') fail(missing('customer', id!));
    return { status: 200, body: customer };
  });
  add('POST', '/v1/customers/:id', (params, { id }) => {
    allowOnly(params, [...FIELDS, 'balance']);
    const customer = desk.get('customer', id!);
    for (const field of ['name', 'email', 'description', 'phone'] as const) customer[field] = nullable(params, field, customer[field]);
    // A credit (negative) or a debit the customer's next invoices take up (docs.stripe.com/billing/customer/balance).
    const balance = integer(params, 'balance', { min: -Number.MAX_SAFE_INTEGER });
    if (balance !== undefined) customer['balance'] = balance;
    if (params['metadata'] !== undefined) customer['metadata'] = mergeMetadata(customer['metadata'], params['metadata']);
    return { status: 200, body: customer };
  });
  add('DELETE', '/v1/customers/:id', (_params, { id }) => {
    desk.get('customer', id!);
    for (const found of desk.state.objects.values()) {
      if (found['customer'] !== id) continue;
      if (found.object === 'subscription' && found['status'] !== 'canceled') Object.assign(found, { status: 'canceled', canceled_at: desk.now(), ended_at: desk.now() });
      // Its saved payment methods are detached: a card saved on it is no longer anyone's to charge.
      if (found.object === 'payment_method') found['customer'] = null;
    }
    const deleted = { id: id!, object: 'customer', deleted: true };
    desk.state.objects.set(id!, deleted);
    return { status: 200, body: deleted };
  });
  // Customers, newest first (docs.stripe.com/api/customers/list: `email`, `created`, paging); deleted ones are not listed.
  add('GET', '/v1/customers', (params) => {
    const email = text(params, 'email');
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'customer' && found['deleted'] !== true && (email === undefined || found['email'] === email));
    return { status: 200, body: listPage(params, '/v1/customers', data) };
  });
  // What references a customer: its subscriptions (any status), invoice items, invoices, payment intents.
  for (const [path, object] of [['/v1/subscriptions', 'subscription'], ['/v1/invoiceitems', 'invoiceitem'], ['/v1/invoices', 'invoice'], ['/v1/payment_intents', 'payment_intent']] as const) {
    add('GET', path, (params) => {
      const customer = text(params, 'customer');
      const status = text(params, 'status');
      const data = [...desk.state.objects.values()].filter(
        (found) => found.object === object && found['deleted'] !== true && (customer === undefined || found['customer'] === customer) && (object !== 'subscription' || status === 'all' || found['status'] !== 'canceled'),
      );
      return { status: 200, body: listPage(params, path, data) };
    });
  }
}
