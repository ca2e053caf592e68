// Stripe keeps every keyed write's answer for 24 hours: after a lost answer, sending the same request
// with the same key again answers as the first attempt did (`Idempotent-Replayed: true`) without a
// second effect, or performs it once if the first never arrived. That is each keyed action's `lookup`.
// A lookup that may perform the write is no lookup for an irreversible one: a rollback settling the
// write of an agent that died before its request reached Stripe would make it itself (cancel a person's
// authorized payment, refund, void) with nothing to undo it. Those replay only once a read shows the
// write's effect (`replayIfLanded`), so a replay can only give back what already happened.
import { ProviderError, type ActionContext } from '@backspace/core';

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
