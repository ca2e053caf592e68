// How a Stripe write whose answer was lost is found again. Stripe keeps every keyed write's answer for 24
// hours: the same request with the same key answers as the first attempt did (`Idempotent-Replayed:
// true`) with no second effect, but performs the write if the first never arrived. So a lookup must not
// simply resend: settling the write of an agent that died before its request reached Stripe, the rollback
// would make it itself (a customer, a refund, an update over a person's later edit) and then undo it or,
// for an irreversible one, leave it. Stripe's events say what each request did, the request's
// idempotency key included (docs.stripe.com/api/events/object#event_object-request): the lookup finds
// the write's own event and only then resends, for Stripe's stored answer, which performs nothing since
// that key's request landed. Reading what objects hold now could not tell the agent's write from a
// person's that set the same value. A restricted key needs `Events: read` (rak_event_read) for this.
import { lookupInconclusive, type ActionContext } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { listed } from '../list-pages.js';

/** Stripe keeps a key's answer at least 24 hours; past that, a resend would be a second write. */
const KEY_KEPT_MS = 23 * 60 * 60 * 1000;
/** Stripe lists events of the last 30 days: past that, finding none tells nothing. */
const EVENTS_KEPT_MS = 29 * 24 * 60 * 60 * 1000;
/** How far Stripe's clock may be from this runtime's when listing what happened since an attempt. */
const CLOCK_SKEW_S = 15 * 60;

/**
 * The lookup of a keyed write: among the events of `types` since the attempt, the one whose request
 * carried the write's key. Found, the write landed: its key is resent for Stripe's stored answer (the
 * object as the write left it, expanded as the write asked). None, the write never landed, or changed
 * nothing (Stripe makes no event then; there is nothing to undo either). Found after Stripe has
 * forgotten the key's answer, or looked for after events are gone, the outcome stays unknown and the
 * rollback names it for the operator.
 */
export const foundByEvent =
  <Input, Result>(types: string[], execute: (input: Input, context: ActionContext<StripeClient>) => Promise<Result>) =>
  async (input: Input, context: ActionContext<StripeClient>): Promise<Result | undefined> => {
    const { client, clock, idempotencyKey } = context;
    const attemptedAt = context.attemptedAt ?? clock.now();
    const age = clock.now() - attemptedAt;
    if (age > EVENTS_KEPT_MS) throw inconclusive(`Stripe lists events of the last 30 days only, and the write with key "${idempotencyKey}" was attempted ${Math.round(age / 86_400_000)} days ago`);
    const created = { gte: Math.floor(attemptedAt / 1000) - CLOCK_SKEW_S };
    for await (const event of listed(client, 'GET /v1/events', (api, paging) => api.events.list({ types, created, ...paging }))) {
      if (event.request?.idempotency_key !== idempotencyKey) continue;
      if (age > KEY_KEPT_MS) throw inconclusive(`the write with key "${idempotencyKey}" landed (event ${event.id}), but Stripe no longer keeps its answer (24 hours), so what it left cannot be told from what changed since`);
      return execute(input, context);
    }
    return undefined;
  };

const inconclusive = (why: string) => lookupInconclusive('stripe', why, 'Stripe');
