// Quotes (docs.stripe.com/api/quotes) and subscription schedules (/api/subscription_schedules) a person
// makes for a customer: created, retrieved, listed by customer. A quote stays a draft here (finalizing and
// accepting it are not simulated); a schedule starts at a future `start_date` and stays `not_started`
// (one that starts now would make a subscription, which this simulator does not do: refused, named so).
import { allowOnly, integer, list, listedCustomer, listPage, named, required, text, type Desk } from './desk.js';
import { fail, invalid } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';

const entries = (params: FormObject, name: string) => (list(params[name]) ?? []) as FormObject[];

export function quoteRoutes(add: AddRoute, desk: Desk): void {
  /** The lines under `name`, each price named by its parameter as sent (`prefix`: a phase's items are `phases[0][items]`). */
  const linesOf = (params: FormObject, name: string, prefix = name) =>
    entries(params, name).map((entry, index) => ({ price: named(desk, 'price', required(text(entry, 'price'), `${prefix}[${index}][price]`), `${prefix}[${index}][price]`), quantity: integer(entry, 'quantity', { min: 1 }) ?? 1 }));
  const byCustomer = (object: string, path: string) => (params: FormObject) => {
    const customer = listedCustomer(desk, params);
    const data = [...desk.state.objects.values()].filter((found) => found.object === object && (customer === undefined || found['customer'] === customer));
    return { status: 200, body: listPage(params, path, data) };
  };

  add('POST', '/v1/quotes', (params) => {
    allowOnly(params, ['customer', 'line_items', 'description', 'metadata', 'expires_at']);
    const customer = named(desk, 'customer', required(text(params, 'customer'), 'customer'), 'customer');
    const lines = linesOf(params, 'line_items');
    const total = lines.reduce((sum, line) => sum + (line.price['unit_amount'] as number) * line.quantity, 0);
    const id = desk.id('qt');
    const quote = fromExample('quote', {
      id, created: desk.now(), customer: customer.id, status: 'draft', number: null, amount_subtotal: total, amount_total: total, description: text(params, 'description') ?? null,
      expires_at: integer(params, 'expires_at') ?? desk.now() + 30 * 24 * 60 * 60, metadata: mergeMetadata({}, params['metadata']), from_quote: null, invoice: null, subscription: null, subscription_schedule: null, test_clock: null,
      status_transitions: { accepted_at: null, canceled_at: null, finalized_at: null },
    });
    desk.state.objects.set(id, quote);
    return { status: 200, body: quote };
  });
  add('GET', '/v1/quotes/:id', (_params, { id }) => ({ status: 200, body: desk.get('quote', id!) }));
  add('GET', '/v1/quotes', byCustomer('quote', '/v1/quotes'));

  add('POST', '/v1/subscription_schedules', (params) => {
    allowOnly(params, ['customer', 'start_date', 'end_behavior', 'phases', 'metadata']);
    const customer = named(desk, 'customer', required(text(params, 'customer'), 'customer'), 'customer');
    const start = integer(params, 'start_date');
    if (start === undefined || start <= desk.now()) fail(invalid('This simulator schedules subscriptions that start later only: give a future start_date.', 'start_date'));
    const phases = entries(params, 'phases');
    if (phases.length === 0) fail(invalid('Missing required param: phases.', 'phases', 'parameter_missing'));
    const id = desk.id('sub_sched');
    const example = fromExample('subscription_schedule', { id })['phases'] as StripeObject[];
    const exampleItem = (example[0]!['items'] as StripeObject[])[0]!;
    let begins = start;
    const planned = phases.map((phase, index) => {
      const duration = (phase['duration'] ?? {}) as FormObject;
      const months = text(duration, 'interval') === 'year' ? 12 * (integer(duration, 'interval_count') ?? 1) : (integer(duration, 'interval_count') ?? 1);
      const ends = integer(phase, 'end_date') ?? begins + months * 30 * 24 * 60 * 60;
      const items = linesOf(phase, 'items', `phases[${index}][items]`).map((line) => ({ ...exampleItem, price: line.price.id, quantity: line.quantity, discounts: [], metadata: {}, tax_rates: [], plan: { ...(exampleItem['plan'] as object), id: line.price.id, amount: line.price['unit_amount'] } }));
      if (items.length === 0) fail(invalid(`Missing required param: phases[${index}][items].`, `phases[${index}][items]`, 'parameter_missing'));
      const made = { start_date: begins, end_date: ends, items };
      begins = ends;
      return made;
    });
    const schedule = fromExample('subscription_schedule', {
      id, created: desk.now(), customer: customer.id, status: 'not_started', canceled_at: null, completed_at: null, released_at: null, released_subscription: null, current_phase: null, subscription: null, test_clock: null,
      end_behavior: text(params, 'end_behavior') ?? 'release', metadata: mergeMetadata({}, params['metadata']), phases: planned.map((phase) => ({ ...example[0], ...phase, discounts: [], add_invoice_items: [] })),
    });
    desk.state.objects.set(id, schedule);
    return { status: 200, body: schedule };
  });
  add('GET', '/v1/subscription_schedules/:id', (_params, { id }) => ({ status: 200, body: desk.get('subscription_schedule', id!, 'id', 'subscription schedule') }));
  add('GET', '/v1/subscription_schedules', byCustomer('subscription_schedule', '/v1/subscription_schedules'));
}
