// Sending a write again after a failure: only when it cannot have landed, or when its lookup finds
// nothing of it; and on the pre-state as it is then (see readPreAgain).
import type { ActionContext, ActionDefinition } from '../contract/action.js';
import { withCallSignal } from '../contract/call-signal.js';
import type { Json } from '../contract/json.js';
import { BackspaceError, ProviderError } from '../errors.js';
import type { RuntimeContext } from './context.js';
import { adoptable } from './journal-claims.js';
import { toJson } from './redact.js';
import { withRetry } from './retry.js';

export interface WriteAttempt {
  /** Set once any attempt failed in a way that may have reached the provider. */
  mayHaveLanded: boolean;
  actionId: string;
  /** Set once the pre-state was read again before a retry (see `readPreAgain`). */
  preReadAgain: boolean;
}

/** The pre-state read again before a retry, for the write's outcome entry: it, not the intent's, is what the write changed. */
export function preReadAgain(attempt: WriteAttempt, writeContext: ActionContext): { pre?: Json } {
  return attempt.preReadAgain ? { pre: toJson(writeContext.pre ?? null) } : {};
}

/**
 * Whether an error proves the write did not happen: the provider answered that it refused it, or the
 * adapter refused the input before sending anything. Anything else (a timeout, a reset, a 5xx, a bug
 * after the request left) may have landed.
 */
export function providerRefused(error: unknown): boolean {
  if (error instanceof ProviderError) return !error.outcomeUnknown;
  return BackspaceError.isInstance(error) && (error.code === 'invalid_input' || error.code === 'invalid_config');
}

/** Retries a write only when it cannot have reached the provider, or when `lookup` can find the earlier attempt. */
export async function writeWithRetry(context: RuntimeContext, definition: ActionDefinition, input: unknown, actionContext: ActionContext, attempt: WriteAttempt): Promise<unknown> {
  let found: { result: unknown } | undefined;
  return withRetry(
    async () => {
      if (found) return found.result;
      try {
        return await withCallSignal(actionContext.signal, () => definition.execute(input, actionContext));
      } catch (error) {
        if (!providerRefused(error)) attempt.mayHaveLanded = true;
        throw error;
      }
    },
    context.clock,
    context.retry,
    async (error) => {
      if (actionContext.signal?.aborted) return false;
      const unknown = error instanceof ProviderError && error.outcomeUnknown;
      // A timed-out request may still be at the provider: a lookup now could miss it and the resend
      // would write twice. It stays unknown, looked up on a later call or when a rollback is planned.
      if (unknown && error.providerCode === 'timeout') return false;
      // A refused write with no pre-state to read again is sent again as it is.
      if (!definition.lookup || (!unknown && !definition.snapshot)) return !unknown;
      // Even a refusal may have come after the write landed (from a read the action makes after it), so
      // the write is looked up by its key before the pre-state is read again; a lookup that fails after a
      // refusal leaves the resend as it was, on the first reading.
      let earlier: unknown;
      try {
        earlier = await withCallSignal(actionContext.signal, () => definition.lookup!(input, actionContext));
      } catch (lookupError) {
        if (unknown) throw lookupError;
        return true;
      }
      if (earlier === undefined) {
        await readPreAgain(context, definition, input, actionContext, attempt);
        return true;
      }
      // Found, but the journal records it as another action's write: this attempt's own may be there too,
      // behind it, and sending again could write twice. It stays unknown, for the operator to see.
      if (!(await adoptable(context, definition, input, earlier, attempt.actionId))) return false;
      found = { result: earlier };
      return true;
    },
  );
}

/**
 * Before a retry, once the write's lookup found nothing of the attempts so far: the wait (a 429's
 * Retry-After) gave people time to change the resource, and the retry changes what is there then, so
 * the pre-state is read again. Undone to the first reading, a person's edit made during the wait would
 * be lost. Without a lookup to rule the attempts out, the first reading stays: a new one could hold
 * the agent's own write.
 */
async function readPreAgain(context: RuntimeContext, definition: ActionDefinition, input: unknown, actionContext: ActionContext, attempt: WriteAttempt): Promise<void> {
  if (!definition.snapshot) return;
  actionContext.pre = await withRetry(() => definition.snapshot!(input, actionContext), context.clock, context.retry);
  attempt.preReadAgain = true;
}
