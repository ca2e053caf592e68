// A step planned to be checked again once newer steps of this rollback inside its resource ran (see
// nested-undos.ts): planning could not tell, before the agent's nested writes were undone, whether what it
// compares would then hold what the agent left. Its resource is read again as its turn comes, whatever
// the plan's age, and checked as any late step is (removal-recheck.ts, changed-since-planned.ts) against
// the state planning expected them to leave; it runs only if that is what it finds.
import type { RuntimeContext } from '../runtime/context.js';
import { errorJson } from '../runtime/errors-json.js';
import { changedSincePlanned } from './changed-since-planned.js';
import type { OwnChanges } from './own-changes.js';
import { planMark } from './plan-age.js';
import type { PlanStep } from './plan.js';
import { plannedState, replanned } from './planned-state.js';
import { compensationToRun } from './remedy.js';
import { recheckRemoval } from './removal-recheck.js';
import type { StepResult } from './run.js';

const checkedAgain = (reason: string) => `left in place: checked again once this rollback's steps inside it were undone, ${reason}`;

/**
 * Undefined when the step may run (planned anew against what was read, so it is not read once more
 * before its inverse); otherwise the result that ends it: a conflict with what was found, or unreachable.
 */
export async function recheckAfterNested(context: RuntimeContext, step: PlanStep, own: OwnChanges): Promise<StepResult | undefined> {
  if (!step.recheck || !step.compensation) return undefined;
  const compensation = compensationToRun(step);
  const at = planMark(context.clock);
  const unreadable = (error: unknown): StepResult => ({ outcome: 'unreachable', residue: [`not undone yet: it could not be read again after this rollback's steps inside it (${(errorJson(error) as { message?: string }).message ?? 'read failed'}); roll back again to retry`] });
  const removal = await recheckRemoval(context, step, compensation, true, own);
  if (removal.kind === 'built-on') return { outcome: 'conflict', residue: [checkedAgain(removal.reason)] };
  if (removal.kind === 'unreadable') return unreadable(new Error(removal.message));
  if (removal.kind === 'as-planned') {
    try {
      const changed = await changedSincePlanned(context, step, compensation, own);
      if (changed !== undefined) return { outcome: 'conflict', residue: [checkedAgain(changed)] };
    } catch (error) {
      return unreadable(error);
    }
  }
  replanned(step, removal.kind === 'fresh' ? removal.state : (plannedState(step) ?? null), at);
  return undefined;
}

/**
 * A step not run because one it waits for did not verify: skipped, or, for a step to be checked again
 * after it, a conflict naming it (what the agent left inside its resource is still there).
 */
export function notRunBecause(step: PlanStep, failed: PlanStep): StepResult {
  if (step.recheck) return { outcome: 'conflict', residue: [`left in place: it was to be checked again once this rollback undid ${failed.action} on ${failed.resource} inside it, which did not verify`] };
  return { outcome: 'skipped', error: { message: `not run: ${failed.action} on ${failed.resource} failed first and must be undone before it` } };
}
