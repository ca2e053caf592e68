// Stripe keeps every keyed write's answer for 24 hours: after a lost answer, sending the same request
// with the same key again answers as the first attempt did (`Idempotent-Replayed: true`) without a
// second effect, or performs it once if the first never arrived. That is each keyed action's `lookup`.
import type { ActionContext } from '@backspace/core';

export const replayByKey =
  <Input, Result, Client>(execute: (input: Input, context: ActionContext<Client>) => Promise<Result>) =>
  (input: Input, context: ActionContext<Client>): Promise<Result | undefined> =>
    execute(input, context);
