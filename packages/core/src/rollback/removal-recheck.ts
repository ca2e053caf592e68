// A container removed for good is looked at again when its plan is old. Planning reads every resource
// once, up front; in a long rollback (hundreds of steps paced under a provider's rate limit) the
// removal of an agent's container may run minutes later, and a person may have put something inside it
// in between: an invoice on the agent's customer, a reply under its message, a commit on its branch.
// Deleting it then would take their work with it, the worst thing a rollback can do.
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/run-action.js';
import { withRetry } from '../runtime/retry.js';
import type { OwnChanges } from './own-changes.js';
import type { PlanStep } from './plan.js';
import { plannedAt, plannedState } from './planned-state.js';
import { ageOf } from './plan-age.js';
import { planningScope } from './read-scope.js';
import { assessGuarded, itemsInside } from './three-way.js';

/**
 * How long after planning's reads a permanent removal may run on them before it reads again: a step run
 * within it costs no request more (a rollback of a few steps runs at once), one run later costs one read.
 */
export const PLANNED_STATE_FRESH_MS = 10_000;

/**
 * The same for a container's removal for good, kept to a second: it takes whatever sits inside with it,
 * so a person's comment or subtask added while earlier steps of the rollback ran (seconds) must be seen.
 * A restore of fields keeps the longer window, so a long rollback paced under a rate limit does not pay a
 * read for every step.
 */
export const REMOVAL_FRESH_MS = 1_000;

export type Recheck =
  /** Nothing to look at again: not a removal of a container, or planned moments ago. */
  | { kind: 'as-planned' }
  /** Read again and still the agent's alone: run the inverse against this state. */
  | { kind: 'fresh'; state: Snapshot | null }
  /** Someone built on it after planning: left in place. */
  | { kind: 'built-on'; reason: string }
  | { kind: 'unreadable'; message: string };

/**
 * Before an inverse that removes a container (a guarded undo with `contents` expecting it absent, or
 * retiring it: a Linear issue archived or trashed, a pull request closed) whose plan is older than REMOVAL_FRESH_MS: read it again and check it as planning
 * did (`force`: whatever its age, after a long wait for its turn). Its guarded fields must still hold the agent's values and nothing may sit inside it that the
 * agent's write did not leave there, except what this rollback took out of it first (`step.after`).
 */
export async function recheckRemoval(context: RuntimeContext, step: PlanStep, compensation: Compensation, force = false, own?: OwnChanges): Promise<Recheck> {
  if (compensation.strategy !== 'guarded' || !compensation.contents || !('absent' in compensation.expect || compensation.retires)) return { kind: 'as-planned' };
  if (!force && !planIsStale(context, step, REMOVAL_FRESH_MS)) return { kind: 'as-planned' };
  const adapter = context.registry.adapter(compensation.resource.provider);
  let state: Snapshot | null;
  try {
    state = await withRetry(() => adapter.read(compensation.resource, planningScope([compensation], undefined)), context.clock, context.retry);
  } catch (error) {
    return { kind: 'unreadable', message: (errorJson(error) as { message?: string }).message ?? 'read failed' };
  }
  // What this rollback's own newer inverses changed on it is not someone building on it (see own-changes.ts).
  const seen = own ? await own.asPlanned(compensation, state, plannedState(step)) : state;
  let assessment = assessGuarded(compensation, seen, new Set(step.after ?? []));
  // What this rollback's own inverses put inside since planning, still as they left it, is not someone's either.
  const planned = plannedState(step);
  if (assessment.status === 'conflict' && assessment.foreign?.length && own && planned) {
    const ownItems = await own.putThereItself(assessment.foreign, new Set(itemsInside(compensation, planned)));
    if (ownItems.size > 0) assessment = assessGuarded(compensation, seen, new Set([...(step.after ?? []), ...ownItems]));
  }
  return assessment.status === 'conflict' ? { kind: 'built-on', reason: assessment.reason } : { kind: 'fresh', state };
}

/** Whether planning read the step's resource longer ago than `freshMs` (PLANNED_STATE_FRESH_MS unless said). */
export function planIsStale(context: RuntimeContext, step: PlanStep, freshMs = PLANNED_STATE_FRESH_MS): boolean {
  const at = plannedAt(step);
  return at !== undefined && ageOf(at, context.clock) >= freshMs;
}
