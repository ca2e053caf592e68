// Undos nested inside an older step's resource. The agent appends a toggle to a page, then writes inside
// the toggle: the later write's undo is staged on the toggle's own children, while the append that made
// the toggle compares the toggle's state in the page, which holds what is under it. Planning projects a
// newer undo onto older steps on the same resource only, so the append saw the agent's own nested blocks
// as someone's change and left the toggle in place as a conflict. An adapter that knows one resource's
// state is made of another's says so (`Adapter.affects`); such an older step is then planned to run after
// those newer undos, checked again once they ran (see recheck-after.ts): it runs only if what it compares
// is then back at what the agent left. A person's work inside keeps it, as before.
import type { AffectedFields } from '../contract/adapter.js';
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import { resourceKey } from '../contract/resource.js';
import type { RuntimeContext } from '../runtime/context.js';
import { askAffects } from './affects.js';
import type { PlanStep } from './plan.js';
import type { Assessment } from './three-way.js';

/** What an older step waits for, and the state it is planned against until then. */
export interface Nested {
  /** The state once the newer undos ran, as expected: the fields they change back at what the agent left. */
  state: Snapshot;
  /** The newer steps it waits for, by action id. */
  after: string[];
  /** The fields those steps change, among those the step found changed. */
  fields: string[];
  /** The newer steps it waits for, as an operator reads them. */
  named: string[];
  /** The step assessed against `state`. */
  assessment: Assessment;
}

interface FullUndo {
  actionId: string;
  label: string;
  key: string;
  resource: Compensation['resource'];
}

export class NestedUndos {
  /** Newer steps of this rollback whose whole inverse runs (newest first). */
  private readonly undos: FullUndo[] = [];
  /** What each resource's writes affect elsewhere, asked once per plan. */
  private readonly asked = new Map<string, Promise<AffectedFields[]>>();

  constructor(private readonly context: RuntimeContext) {}

  /**
   * Records a planned step that runs its inverse (`undo`, or `partial`: its inverse runs for the fields
   * still the agent's; not a gentler one). An older step waiting for a partial one is checked again once
   * it ran, so what it kept (a person's work, or the agent's own comment a newer step deletes) decides then.
   */
  undone(step: PlanStep, compensation: Compensation, key: string): void {
    if ((step.status === 'undo' || step.status === 'partial') && step.remedy === 'inverse') this.undos.push({ actionId: step.actionId, label: `${step.action} on ${step.resource}`, key, resource: compensation.resource });
  }

  /**
   * For a step found `conflict` or `partial` on `key`: when newer full undos on other resources change
   * fields it keeps (its `contents` too, where what others put inside is only that), the state it may
   * expect once they ran, the steps it waits for and its assessment against that state (`assess`);
   * undefined when none does, or when it would not run even then.
   */
  async nestedIn(key: string, compensation: Compensation, assessment: Assessment, state: Snapshot | null, assess: (expected: Snapshot) => Assessment): Promise<Nested | undefined> {
    if (!state || this.undos.length === 0 || (assessment.status !== 'conflict' && assessment.status !== 'partial')) return undefined;
    const kept = new Set((assessment.fields ?? []).filter((check) => check.decision === 'keep' && check.setSince === undefined).map((check) => check.field));
    if (assessment.foreign?.length && compensation.contents) kept.add(compensation.contents);
    if (kept.size === 0) return undefined;
    const after: string[] = [];
    const named: string[] = [];
    const fields = new Set<string>();
    for (const undo of this.undos) {
      if (undo.key === key || undo.resource.provider !== compensation.resource.provider) continue;
      const touched = (await this.affects(undo)).filter((affected) => resourceKey(affected.resource) === key).flatMap((affected) => affected.fields.filter((field) => kept.has(field)));
      if (touched.length === 0) continue;
      after.push(undo.actionId);
      named.push(undo.label);
      touched.forEach((field) => fields.add(field));
    }
    if (after.length === 0) return undefined;
    const post = compensation.post ?? {};
    const expected: Snapshot = { ...state };
    for (const field of fields) expected[field] = (post[field] ?? null) as Json;
    const then = assess(expected);
    return then.status === 'undo' || then.status === 'partial' ? { state: expected, after, fields: [...fields], named, assessment: then } : undefined;
  }

  private affects(undo: FullUndo): Promise<AffectedFields[]> {
    let asked = this.asked.get(undo.key);
    if (!asked) {
      asked = askAffects(this.context, undo.resource);
      this.asked.set(undo.key, asked);
    }
    return asked;
  }
}

/** The reason a step checked again after nested undos gives in the plan. */
export function nestedReason(nested: Nested, assessment: Assessment): string {
  return `undo once this rollback's later steps inside it are undone (${nested.named.join('; ')}): they change ${nested.fields.join(', ')}, checked again then, and left in place if those do not hold what the agent left; ${assessment.reason}`;
}
