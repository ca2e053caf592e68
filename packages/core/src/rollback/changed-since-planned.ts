// An inverse that runs well after planning read its resource (sent again after a 429's Retry-After, or
// reached late in a long rollback paced under a rate limit) runs on what is there then, and a person may
// have changed the resource in between: put back over, their change would be lost. The resource is
// read again first. A field the inverse would put back that now holds neither what planning saw nor
// what the inverse leads to is someone's change; so is anything a guarded undo checks (its fields,
// what sits inside it). The step is then left in place as a conflict the report names, never written over.
import type { Compensation } from '../contract/compensation.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';
import type { OwnChanges } from './own-changes.js';
import type { PlanStep } from './plan.js';
import { plannedState } from './planned-state.js';
import { planningScope } from './read-scope.js';
import { assessGuarded, expandFields, matchesExpectation, sameJson } from './three-way.js';

/** Why the step must be left in place now, or undefined when the inverse may go ahead (`own`: what this rollback's newer inverses changed, not someone's). */
export async function changedSincePlanned(context: RuntimeContext, step: PlanStep, compensation: Compensation, own?: OwnChanges): Promise<string | undefined> {
  const planned = plannedState(step);
  if (planned === undefined) return undefined;
  const adapter = context.registry.adapter(compensation.resource.provider);
  const read = await withRetry(() => adapter.read(compensation.resource, planningScope([compensation], adapter.versionField)), context.clock, context.retry);
  // The attempt before may have landed (or someone did the same): sending it again changes nothing.
  if (matchesExpectation(read, compensation.expect)) return undefined;
  const now = own ? await own.asPlanned(compensation, read, planned) : read;
  if (compensation.strategy === 'guarded') {
    const assessment = assessGuarded(compensation, now, new Set(step.after ?? []));
    return assessment.status === 'conflict' || assessment.status === 'gone' ? assessment.reason : undefined;
  }
  const expected = 'fields' in compensation.expect ? compensation.expect.fields : {};
  const changed = expandFields(compensation.fields, planned, now).filter((field) => !sameJson(now?.[field], planned?.[field]) && !sameJson(now?.[field], expected[field]));
  return changed.length > 0 ? `someone changed ${changed.join(', ')}` : undefined;
}
