// The account's events (docs.stripe.com/api/events): one per write that changed an object, with the
// object as the write left it, what it changed (`previous_attributes`), and the request it came from,
// its idempotency key included, so an integration can tell what one keyed request did. A write that
// changed nothing makes none. Listed newest first with `type`, `types[]` and `created` filters.
import type { SimulatorRequest } from '@backspace/simulator-kit';
import { listPage, list, text, type Desk } from './desk.js';
import { fromExample } from './from-example.js';
import type { StripeObject } from './objects.js';
import type { StripeRoute } from './customers.js';

/**
 * Verbs whose event Stripe names otherwise than `<object>.updated` (or `.created`: a card attached from a
 * test token is new, and still `payment_method.attached`, as Stripe has no `payment_method.created`). A
 * confirmed PaymentIntent is announced by its outcome (payments.ts), its confirmation itself by nothing.
 */
const ACTION_EVENTS: Record<string, string> = {
  'payment_intent/cancel': 'payment_intent.canceled', 'payment_intent/capture': 'payment_intent.succeeded', 'invoice/void': 'invoice.voided', 'invoice/finalize': 'invoice.finalized',
  'payment_method/attach': 'payment_method.attached', 'payment_method/detach': 'payment_method.detached',
  'setup_intent/cancel': 'setup_intent.canceled', 'setup_intent/confirm': 'setup_intent.succeeded', 'checkout.session/expire': 'checkout.session.expired',
};

/**
 * Event types Stripe has none of: a Checkout Session is announced when it ends (completed, expired), not
 * when made; a PaymentIntent, a SetupIntent and an invoice item updated are not announced at all.
 */
const UNANNOUNCED = new Set(['checkout.session.created', 'payment_intent.updated', 'setup_intent.updated', 'invoiceitem.updated']);

/** Objects whose events Stripe names under the customer (`customer.tax_id.created`, `customer.source.created`). */
const PREFIXES: Record<string, string> = { subscription: 'customer.subscription', tax_id: 'customer.tax_id', card: 'customer.source' };

/**
 * The event a write that changed `object` makes, or none (`before` is the object's JSON before it; `named`,
 * the type where the write names it: a card saved by a SetupIntent is `payment_method.attached`).
 */
export function recordEvent(desk: Desk, request: SimulatorRequest, requestId: string, answer: StripeObject, before: string | undefined, named?: string): void {
  const deleted = answer['deleted'] === true;
  const stored = deleted ? answer : desk.state.objects.get(answer.id);
  if (!stored || !stored.object || (before !== undefined && before === JSON.stringify(stored))) return;
  const kind = String(stored.object);
  // The verb after the object's id, under a resource one segment deep or two (`/v1/checkout/sessions/cs_1/expire`).
  const verb = /^\/v1\/[a-z_]+(?:\/[a-z_]+)?\/[^/]+\/([a-z_]+)$/.exec(request.path)?.[1];
  const prefix = PREFIXES[kind] ?? kind;
  const action = ACTION_EVENTS[`${kind}/${verb}`];
  const type = named ?? (deleted ? `${prefix}.deleted` : (action ?? (before === undefined ? `${prefix}.created` : `${prefix}.updated`)));
  if (UNANNOUNCED.has(type)) return;
  const previous = before === undefined || deleted ? {} : { previous_attributes: changedFrom(JSON.parse(before) as StripeObject, stored) };
  announceEvent(desk, request, requestId, stored, type, previous);
}

/** An event of `type` about `object` (a copy as it was then), made by the request, its key included. */
export function announceEvent(desk: Desk, request: SimulatorRequest, requestId: string, object: StripeObject, type: string, previous: { previous_attributes?: Record<string, unknown> } = {}): void {
  const id = desk.id('evt');
  desk.state.objects.set(
    id,
    fromExample('event', {
      id,
      created: desk.now(),
      api_version: request.headers['stripe-version'] ?? null,
      data: { object: structuredClone(object), ...previous },
      pending_webhooks: 0,
      request: { id: requestId, idempotency_key: request.method === 'POST' ? (request.headers['idempotency-key'] ?? null) : null },
      type,
    }),
  );
}

/**
 * The top-level fields a write changed, with their values before it; an array or an object whole, but
 * metadata only by the keys it changed, a key it added given as null (as Stripe sends it:
 * `"previous_attributes": { "metadata": { "tier": null } }`).
 */
function changedFrom(before: StripeObject, after: StripeObject): Record<string, unknown> {
  const changed = Object.keys(before).filter((field) => JSON.stringify(before[field]) !== JSON.stringify(after[field]));
  return Object.fromEntries(changed.map((field) => [field, field === 'metadata' ? changedKeys(before[field], after[field]) : before[field]]));
}

function changedKeys(before: unknown, after: unknown): Record<string, unknown> {
  const earlier = (before ?? {}) as Record<string, unknown>;
  const later = (after ?? {}) as Record<string, unknown>;
  const keys = new Set([...Object.keys(earlier), ...Object.keys(later)]);
  return Object.fromEntries([...keys].filter((key) => earlier[key] !== later[key]).map((key) => [key, earlier[key] ?? null]));
}

export function eventRoutes(add: (method: string, path: string, handler: StripeRoute) => void, desk: Desk): void {
  add('GET', '/v1/events', (params) => {
    const type = text(params, 'type');
    const types = list(params['types']) as string[] | undefined;
    const data = [...desk.state.objects.values()].filter((found) => found.object === 'event' && (type === undefined || found['type'] === type) && (types === undefined || types.includes(String(found['type']))));
    return { status: 200, body: listPage(params, '/v1/events', data) };
  });
  add('GET', '/v1/events/:id', (_params, { id }) => ({ status: 200, body: desk.get('event', id!) }));
}
