// Who set each field of a resource last, from Stripe's events (docs.stripe.com/api/events): each write
// that changed an object makes one, with the object as it left it, the fields it changed and their
// values before (`data.previous_attributes`), and the request it came from, its idempotency key
// included. Stripe's events name no user or key, so a write is the agent's when its request carried a
// key Backspace's runtime sends (`<session id>:<n>`, `<session id>:call:<key>`, an inverse's
// `compensate:<action id>:…`); any other write (a person's in the Dashboard, their integration's, Stripe's
// own) makes the fields it changed theirs. Stripe lists events by type, not by object, and keeps them 30
// days: the read pages through the object type's events until the one that made the object.
import { randomUUID } from 'node:crypto';
import type { FieldWriter, ResourceRef, Snapshot } from '@backspace/core';
import type Stripe from 'stripe';
import type { StripeClient } from './client.js';
import { listed } from './list-pages.js';
import { couponSnapshot, customerSnapshot, promotionCodeSnapshot, subscriptionSnapshot } from './snapshot.js';

/** The snapshot field holding the version: the request of the write that left a post-state (see `withWriteRequest`). */
export const WRITE_REQUEST = 'write_request';

/**
 * Stripe objects carry no version that every write moves, so a post-state carries the request id of the
 * agent's write and a read carries none: planning asks the history wherever it would restore or remove.
 */
export function withWriteRequest(snapshot: Snapshot | null, answer: unknown): Snapshot | null {
  if (!snapshot) return snapshot;
  const requestId = (answer as { lastResponse?: { requestId?: string } } | null)?.lastResponse?.requestId;
  return { ...snapshot, [WRITE_REQUEST]: requestId ?? 'unknown' };
}

type Traced = { types: string[]; snapshot: (object: never) => Snapshot | null };

/** The resources whose fields a rollback compares, with the events that change them. */
const TRACED: Record<string, Traced> = {
  customer: { types: ['customer.created', 'customer.updated'], snapshot: customerSnapshot },
  coupon: { types: ['coupon.created', 'coupon.updated'], snapshot: couponSnapshot },
  promotion_code: { types: ['promotion_code.created', 'promotion_code.updated'], snapshot: promotionCodeSnapshot },
  subscription: {
    types: ['customer.subscription.created', 'customer.subscription.updated', 'customer.subscription.paused', 'customer.subscription.resumed', 'customer.subscription.pending_update_applied', 'customer.subscription.pending_update_expired'],
    snapshot: subscriptionSnapshot,
  },
};

const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
/** The keys Backspace's runtime sends: an action's (core's `providerKey`) and an inverse's (`inverseRequest`). */
const BACKSPACE_KEY = new RegExp(`^(${UUID}:(\\d+|call:.+)|compensate:.+)$`, 'i');

/** The request each step's inverse sends in the rollback under way, by its step's key (the latest runs' only). */
const inRun = new Map<string, { key: string; params: unknown }>();
const RUNS_KEPT = 10_000;

/**
 * The key an inverse's write carries and the parameters it sends. Made on the step's first attempt in a
 * run: its step's key made unique, so a re-planned run with other values is not refused as a reused key.
 * The same on every retry within that run, so Stripe answers an attempt whose answer was lost as it did
 * the first time instead of performing it again (a person's coupon redeemed twice, an item the first
 * attempt removed then "missing" and the step failed though it landed).
 */
export async function inverseRequest<Params>(stepKey: string, attempt: number | undefined, params: () => Params | Promise<Params>): Promise<{ key: string; params: Params }> {
  const sent = (attempt ?? 1) > 1 ? inRun.get(stepKey) : undefined;
  if (sent) return sent as { key: string; params: Params };
  const made = { key: `${stepKey.startsWith('compensate:') ? stepKey : `compensate:${stepKey}`}:${randomUUID()}`, params: await params() };
  inRun.delete(stepKey);
  inRun.set(stepKey, made);
  if (inRun.size > RUNS_KEPT) inRun.delete(inRun.keys().next().value!);
  return made;
}

function writerOf(event: Stripe.Event): FieldWriter {
  const key = event.request?.idempotency_key ?? null;
  const request = event.request?.id ?? null;
  if (key !== null && BACKSPACE_KEY.test(key)) return { by: `the agent (request ${request ?? key})`, self: true };
  return { by: request ? `request ${request}${key ? ` (key ${key})` : ''}` : `Stripe itself (${event.type}, no request)`, self: false };
}

/** The object as it was before the event: its changed fields put back (a metadata key the event added comes back as null: absent). */
function before(object: Record<string, unknown>, previous: Record<string, unknown>): Record<string, unknown> {
  const restored = { ...object, ...previous };
  if (previous['metadata'] && typeof previous['metadata'] === 'object') {
    const merged = { ...(object['metadata'] as Record<string, string>), ...(previous['metadata'] as Record<string, string | null>) };
    restored['metadata'] = Object.fromEntries(Object.entries(merged).filter(([, value]) => value !== null && value !== ''));
  }
  return restored;
}

function changed(earlier: Snapshot | null, later: Snapshot | null): string[] {
  const fields = new Set([...Object.keys(earlier ?? {}), ...Object.keys(later ?? {})]);
  return [...fields].filter((field) => JSON.stringify(earlier?.[field] ?? null) !== JSON.stringify(later?.[field] ?? null));
}

/** How many events of the resource's type one answer reads at most (ten pages). */
const MAX_EVENTS_READ = 1000;

/** Each snapshot field's last writer, newest event first; the event that made the object wrote every field it had. */
export async function lastWriters(client: StripeClient, resource: ResourceRef): Promise<Map<string, FieldWriter | null>> {
  const writers = new Map<string, FieldWriter | null>();
  const traced = TRACED[resource.type];
  if (!traced) return writers;
  const snapshot = traced.snapshot as (object: unknown) => Snapshot | null;
  let read = 0;
  let traceable: string[] | undefined;
  for await (const event of listed(client, 'GET /v1/events', (api, paging) => api.events.list({ types: traced.types, ...paging }))) {
    // A busy account's events of one type run long: past the bound, planning keeps the fields as a conflict.
    if ((read += 1) > MAX_EVENTS_READ) throw new Error(`more than ${MAX_EVENTS_READ} ${resource.type} events since ${resource.id} was last written: who set its fields last was not read`);
    const object = event.data.object as unknown as Record<string, unknown>;
    if (object['id'] !== resource.id) continue;
    const made = event.type.endsWith('.created');
    const after = snapshot(object);
    traceable ??= Object.keys(after ?? {});
    const fields = made ? Object.keys(after ?? {}) : changed(snapshot(before(object, (event.data.previous_attributes ?? {}) as Record<string, unknown>)), after);
    const writer = writerOf(event);
    for (const field of fields) if (!writers.has(field)) writers.set(field, writer);
    // Every field has its last writer: older events change nothing of the answer.
    if (made || traceable.every((field) => writers.has(field))) break;
  }
  return writers;
}
