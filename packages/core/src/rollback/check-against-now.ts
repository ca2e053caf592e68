// Before an inverse runs: its resource read again where it may have changed since planning read it, so
// a step meets the state that is there when it really runs (a person's comment under the agent's task,
// a field someone set while earlier steps ran or while it waited for its turn).
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/run-action.js';
import { changedSincePlanned } from './changed-since-planned.js';
import type { OwnChanges } from './own-changes.js';
import type { PlanStep } from './plan.js';
import { planIsStale, recheckRemoval } from './removal-recheck.js';
import type { StepResult } from './run.js';

/**
 * The step's resource read again where it may have changed since planning read it: a container's
 * removal planned over REMOVAL_FRESH_MS ago, any other inverse over PLANNED_STATE_FRESH_MS ago, or any
 * step that just waited long for its turn (`waited`). A result ends the step (someone built on it, or it
 * could not be read); otherwise `pre` is the fresh state a removal read, for its inverse. What this
 * rollback's own newer inverses changed on the resource (`own`) is not someone building on it.
 */
export async function checkAgainstNow(context: RuntimeContext, step: PlanStep, compensation: Compensation, waited: boolean, own?: OwnChanges): Promise<StepResult | { pre: Snapshot | null | undefined }> {
  const recheck = await recheckRemoval(context, step, compensation, waited, own);
  if (recheck.kind === 'built-on') return { outcome: 'conflict', residue: [`left in place: ${recheck.reason}, after the rollback was planned (read again before removing it)`] };
  if (recheck.kind === 'unreadable') return { outcome: 'unreachable', residue: [`not removed yet: it could not be read again before its removal (${recheck.message}); roll back again to retry`] };
  if (recheck.kind === 'fresh') return { pre: recheck.state };
  if (!waited && !planIsStale(context, step)) return { pre: undefined };
  let changed: string | undefined;
  try {
    changed = await changedSincePlanned(context, step, compensation, own);
  } catch (error) {
    return { outcome: 'unreachable', residue: [`not undone yet: it could not be read again before its inverse ran (${(errorJson(error) as { message?: string }).message ?? 'read failed'}); roll back again to retry`] };
  }
  if (changed !== undefined) return { outcome: 'conflict', residue: [`left in place: ${changed} after the rollback was planned (read again before its inverse ran)`] };
  return { pre: undefined };
}
