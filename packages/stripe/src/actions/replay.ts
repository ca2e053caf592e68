// Stripe keeps every keyed write's answer for 24 hours: after a lost answer, sending the same request
// with the same key again answers as the first attempt did (`Idempotent-Replayed: true`) without a
// second effect, or performs it once if the first never arrived. That is each keyed action's `lookup`.
// A lookup that may perform the write is no lookup for an irreversible one: a rollback settling the
// write of an agent that died before its request reached Stripe would make it itself (cancel a person's
// authorized payment, refund, void) with nothing to undo it. Those replay only once a read shows the
// write's effect (`replayIfLanded`), so a replay can only give back what already happened. An update is
// never replayed (`foundIfShown`): made by the lookup, it would overwrite a person's later edit.
import { ProviderError, sameJson, type ActionContext, type Snapshot } from '@backspace/core';

export const replayByKey =
  <Input, Result, Client>(execute: (input: Input, context: ActionContext<Client>) => Promise<Result>) =>
  (input: Input, context: ActionContext<Client>): Promise<Result | undefined> =>
    execute(input, context);

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
