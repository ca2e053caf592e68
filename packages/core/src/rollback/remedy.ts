// Which inverse a planned step runs: past its deadline its `afterExpiry` one, a gentler one for a
// conflict where it declares one (or the whole inverse, forced), and a restore-fields one narrowed to
// the fields it restores.
import type { Compensation } from '../contract/compensation.js';
import type { PlanStep } from './plan.js';
import type { StepStatus } from './three-way.js';

/** Past its deadline, a compensation gives way to its `afterExpiry` inverse where it declares one. */
export function effectiveCompensation(compensation: Compensation | null, now: number): Compensation | null {
  if (!compensation?.reversibleUntil || Date.parse(compensation.reversibleUntil) >= now) return compensation;
  return compensation.afterExpiry ?? compensation;
}

/** The compensation as the engine runs it: a restore-fields one narrowed to the fields it restores. */
export function compensationToRun(step: PlanStep): Compensation {
  const compensation = step.compensation!;
  if (compensation.strategy !== 'restore-fields') return compensation;
  const values = Object.fromEntries((step.restoreFields ?? []).map((field) => [field, compensation.pre?.[field] ?? null]));
  return { ...compensation, fields: step.restoreFields ?? [], input: { ...(compensation.input as object), values }, expect: { fields: values } };
}

/** `keepWhole`: a conflict kept whole rather than corrected (only later sessions' writes keep it, and their rollback finishes it). */
export function chooseRemedy(compensation: Compensation, status: StepStatus, force: boolean, keepWhole = false): { compensation: Compensation | null; remedy: PlanStep['remedy'] } {
  if (status === 'undo' || status === 'partial') return { compensation, remedy: 'inverse' };
  if (status === 'conflict' && compensation.strategy === 'guarded') {
    if (force) return { compensation, remedy: 'inverse' };
    if (compensation.gentler && !keepWhole) return { compensation: compensation.gentler, remedy: 'gentler' };
  }
  return { compensation: null, remedy: 'none' };
}
