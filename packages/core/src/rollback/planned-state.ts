// The state each step of a plan was read in, and when: given to its inverse, checked for age before it
// runs, and replaced when the step is read again. Kept beside the plan, which is printed and stored.
import type { Snapshot } from '../contract/json.js';
import type { PlanMark } from './plan-age.js';
import type { PlanStep } from './plan.js';

const plannedStates = new WeakMap<PlanStep, { state: Snapshot | null; at: PlanMark }>();
export const plannedState = (step: PlanStep): Snapshot | null | undefined => plannedStates.get(step)?.state;
export const plannedAt = (step: PlanStep): PlanMark | undefined => plannedStates.get(step)?.at;
/** A step read again as it is about to run (see recheck-after.ts): planned anew against `state`, now. */
export const replanned = (step: PlanStep, state: Snapshot | null, at: PlanMark): void => void plannedStates.set(step, { state, at });

