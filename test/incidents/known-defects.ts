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
      "notion content writes answered without a version (three-way by value): when an append, a content replacement or a comment is the rolled-back sessions' newest write on a page or block and none of theirs there carries a version, a person who rewords a block the agent put there and rewords it back to the agent's very text is not told from the agent, and the rollback sends the block to the trash over their choice. Block updates and deletes carry their container's version from their own answer (#18), and Asana's tag.add reads modified_at after its write. The fix belongs in packages/notion: an append's answer carries its new blocks' last edits, enough for a page's version (a block container's needs its edits in the append's pre-state)",
    provider: 'notion',
    shownBy: "no seed: the fuzzer's people never write the agent's own text, so it cannot draw it, and this entry excuses no violation. Reproduced by hand: the agent appends a paragraph to a page (alone in its session), a person rewords it and rewords it back, and the session is rolled back: the paragraph goes to the trash",
    // Its violation ('the rollback removed it, though others built on it') reads the same as a real loss
    // of a person's different text: matching it would hide those, so nothing is matched.
    matches: () => false,
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
