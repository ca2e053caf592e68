// Stripe keeps every keyed write's answer for 24 hours: after a lost answer, sending the same request
// with the same key again answers as the first attempt did (`Idempotent-Replayed: true`) without a
// second effect, or performs it once if the first never arrived. So a lookup replays a write only once it
// has read that the write landed: a create, once it finds the object carrying the write's key
// (`foundByKey`), which also keeps planning from making an object the agent never got to make.
// A lookup that may perform the write is no lookup for an irreversible one: a rollback settling the
// write of an agent that died before its request reached Stripe would make it itself (cancel a person's
// authorized payment, refund, void) with nothing to undo it. Those replay only once a read shows the
// write's effect (`replayIfLanded`), so a replay can only give back what already happened. An update is
// never replayed (`foundIfShown`): made by the lookup, it would overwrite a person's later edit.
import { ProviderError, sameJson, type ActionContext, type Snapshot } from '@backspace/core';
import type Stripe from 'stripe';
import type { StripeClient } from '../client.js';
import { listed } from '../list-pages.js';

/**
 * The replay, only when `landed` reads the write's effect at Stripe; otherwise the write never landed
 * (undefined), and nothing is sent. When the effect is someone else's (a person canceled the payment
 * first), Stripe refuses the replay of a request it never took (a 4xx): not this write's either.
 */
export const replayIfLanded =
  <Input, Result, Client>(landed: (input: Input, context: ActionContext<Client>) => Promise<boolean>, execute: (input: Input, context: ActionContext<Client>) => Promise<Result>) =>
  async (input: Input, context: ActionContext<Client>): Promise<Result | undefined> => {
    if (!(await landed(input, context))) return undefined;
    try {
      return await execute(input, context);
    } catch (error) {
      if (ProviderError.isInstance(error) && !error.outcomeUnknown && error.status !== undefined && error.status >= 400 && error.status < 500 && error.status !== 429 && error.status !== 409) return undefined;
      throw error;
    }
  };

/** How an object read after a lost answer shows an update: every change as written, or at least one. */
export interface Shown {
  /** Every field the write changes reads as the write left it (true when it changes nothing). */
  all: boolean;
  /** At least one field the write changes (from its journaled pre-state) reads as the write left it. */
  any: boolean;
}

/**
 * The lookup of an update, which never sends the write: a replay with its key performs an update that
 * never reached Stripe, over whatever a person changed since, and the rollback would then put back the
 * pre-state over their edit. It reads the object instead: all of the write showing, the write landed
 * (the object, as `asWritten` gives it); none of it, nothing of it is there to undo (it never landed, or
 * was written over since); part of it, whether the write landed cannot be told (a person changed part of
 * it since, or set part of it as the agent meant to): the outcome stays unknown and the report names it.
 */
export const foundIfShown =
  <Input, Found, Client>(
    what: (input: Input) => string,
    read: (input: Input, client: Client) => Promise<Found | null>,
    shows: (input: Input, found: Found, pre: Snapshot | null) => Shown,
    asWritten: (input: Input, found: Found, pre: Snapshot | null) => Found = (_input, found) => found,
  ) =>
  async (input: Input, { client, pre = null, idempotencyKey }: ActionContext<Client>): Promise<Found | undefined> => {
    const found = await read(input, client);
    if (!found) return undefined;
    const shown = shows(input, found, pre);
    if (shown.all) return asWritten(input, found, pre);
    if (!shown.any) return undefined;
    throw new ProviderError(`stripe: ${what(input)} reads partly as the write with key "${idempotencyKey}" would leave it and partly otherwise: whether that write landed cannot be told from Stripe; check it there before undoing it by hand`, {
      provider: 'stripe',
      providerCode: 'lookup_inconclusive',
      outcomeUnknown: true,
    });
  };

/** How the fields a write sets (`written`) read now, against the journaled pre-state: missing fields are null. */
export function fieldsShown(written: Snapshot, current: Snapshot | null, pre: Snapshot | null): Shown {
  const changes = Object.keys(written).filter((field) => !sameJson(pre?.[field] ?? null, written[field] ?? null));
  const showing = changes.filter((field) => sameJson(current?.[field] ?? null, written[field] ?? null));
  return { all: showing.length === changes.length, any: showing.length > 0 };
}

/** The metadata key a create carries its write's key in, so that its lookup finds the object by reading. */
export const KEY_METADATA = 'backspace_key';

/** The input's metadata with the write's key added. */
export const withKey = (metadata: Record<string, string> | undefined, idempotencyKey: string) => ({ ...metadata, [KEY_METADATA]: idempotencyKey });

/** What a create's snapshot records, with no request: when the attempt began, for its lookup. */
export const attemptStarted = async <Input>(_input: Input, { clock }: ActionContext<StripeClient>) => ({ attempted_at: clock.now() });

/** Stripe keeps a key's answer at least 24 hours; past that, a replay would be a second write. */
const KEY_KEPT_MS = 23 * 60 * 60 * 1000;
/** How far Stripe's clock may be from this runtime's when listing what was made since an attempt. */
const CLOCK_SKEW_S = 15 * 60;

/**
 * The lookup of a create, which never makes the object: the objects of its kind made since the attempt
 * began (`list`, newest first, page after page) are read for the one carrying the write's key in its
 * metadata. Found, the write is replayed with its key for Stripe's stored answer, the object as it was
 * made (edits since are others'), which performs nothing: that key's request landed. Not found, it never
 * landed. Past the 24 hours Stripe keeps answers, the replay would make a second object: the outcome
 * stays unknown and is named. A write journaled before creates carried their key (no `attempted_at`) is
 * replayed, as it was then.
 */
export const foundByKey =
  <Input, Result>(
    operation: string,
    list: (input: Input, api: Stripe, params: { created: { gte: number }; limit: number; starting_after?: string }) => Promise<{ data: { id: string; metadata: Stripe.Metadata | null }[]; has_more: boolean }>,
    execute: (input: Input, context: ActionContext<StripeClient>) => Promise<Result>,
  ) =>
  async (input: Input, context: ActionContext<StripeClient>): Promise<Result | undefined> => {
    const attemptedAt = context.pre?.['attempted_at'];
    if (typeof attemptedAt !== 'number') return execute(input, context);
    const since = { gte: Math.floor(attemptedAt / 1000) - CLOCK_SKEW_S };
    for await (const found of listed(context.client, operation, (api, paging) => list(input, api, { created: since, ...paging }))) {
      if (found.metadata?.[KEY_METADATA] !== context.idempotencyKey) continue;
      if (context.clock.now() - attemptedAt > KEY_KEPT_MS) {
        throw new ProviderError(`stripe: ${found.id} carries the key "${context.idempotencyKey}", but Stripe no longer keeps that write's answer (24 hours): the object as it was made is not known, so what changed since cannot be told from the agent's; check it in Stripe`, {
          provider: 'stripe',
          providerCode: 'lookup_inconclusive',
          outcomeUnknown: true,
        });
      }
      return execute(input, context);
    }
    return undefined;
  };
