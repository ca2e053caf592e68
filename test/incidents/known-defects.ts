// Defects the fuzzer found that are not fixed yet, each named, with a seed that shows it and its owner.
// A violation matching an entry is printed but does not fail CI; anything else does. Remove an entry
// once its fix lands: its seed must then pass. Nothing is excluded silently.
import type { Violation } from './invariants.js';
import type { IncidentResult } from './runner.js';

export interface KnownDefect {
  /** What is wrong, in a sentence, and where the fix belongs. */
  defect: string;
  /** Which runs it can explain: one provider's, or any (`*`, a core defect). */
  provider: string;
  /**
   * A run that shows it, `<provider> <seed>`: `INCIDENT_SEED=<seed> INCIDENT_PROVIDER=<provider> npx
   * vitest run test/incidents`; or, where the generator no longer draws it, the reproduction in a sentence.
   */
  shownBy: string;
  matches(violation: Violation, result: IncidentResult): boolean;
}

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "checker, most likely: after a first pass whose undo of the agent's held re-add landed with its answer lost (failed, named) and whose undo of the agent's earlier removal waited on it (skipped), the task is out of the project the person had put it in; the report names both steps, and the pass run again puts it back (verified, seen in the simulator's writes). The check after the first pass counts the person's membership as lost although the steps that hold it are named; decide whether a failed step on the resource names it, or whether undoing an add that put a person's value back should wait for the earlier removal's undo. Seen with session 18's sources too",
    provider: 'asana',
    shownBy: 'asana 31500118',
    matches: (violation, result) => result.seed === 31_500_118 && violation.kind === 'humanEditLost' && violation.item.startsWith('task:') && violation.detail.startsWith('project:'),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
