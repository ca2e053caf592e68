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

/** Providers whose adapters cannot tell yet who set a field last (no `lastWriters`): see the entry below. */
const WITHOUT_FIELD_HISTORY = new Set(['asana', 'notion', 'slack']);

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "asana, notion, slack (three-way by value): a person who sets a field to the very value the agent left (changes it and changes it back) cannot be told from the agent, so the rollback puts the earlier value back over the person's choice. Core tells them apart where the adapter reads who set a field last (Adapter.versionField and lastWriters: Linear's issue history, GitHub's issue events); these three have no such hook yet: Asana's task stories could tell, Notion's API names only a page's last editor, not a property's",
    provider: '*',
    shownBy: "on asana, notion or slack: the agent sets a field, a person changes it and then sets it back to the agent's value, and the session is rolled back (linear 20260293 showed it on Linear before the fix)",
    matches: (violation, result) => WITHOUT_FIELD_HISTORY.has(result.provider) && violation.kind === 'humanEditLost' && violation.detail.includes('(the same value A wrote before)'),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
