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
      "github (same value, by design of three-way by value): a person who reopens and closes again the issue the agent closed leaves it closed as the agent did; the rollback reopens it (closed_at, which moved, could tell them apart)",
    provider: 'github',
    shownBy: 'github 20280078',
    matches: (violation, result) => violation.kind === 'humanEditLost' && /^issue:/.test(violation.item) && violation.detail === 'the rollback brought back what a person or session B removed' && result.trace.some((line) => /H: closed issue/.test(line)),
  },
  {
    defect:
      "core (by design, three-way by value): a person who sets a field to the very value the agent left (moves the issue to the same state) cannot be told from the agent, so the rollback puts the earlier value back over the person's choice; an adapter that can read who changed a field last (Linear's history, GitHub's events) could tell them apart",
    provider: '*',
    shownBy: 'linear 20260293',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.detail.includes('(the same value A wrote before)'),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
