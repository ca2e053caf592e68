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

/**
 * Where an adapter's history cannot vouch for a field (see the entry below): the fields, by the fuzzer's
 * names, of writes whose answers carry no version of the resource.
 */
const UNVERSIONED_WRITES: Record<string, RegExp> = {
  // A block under another block sits in a block, which has no page version, and Notion's last editors are
  // read for a page's top-level blocks only. The violation does not say where the block sits: any block text.
  notion: /^text(:|$)/,
};

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "notion blocks under another block (three-way by value): a person who rewords a block nested in another block and rewords it back to the agent's very text, after the agent's update of it, is not told from the agent when no newer write of the session on that container carries a version, so the rollback puts the earlier text back over the person's choice. The block's container is a block, whose snapshot holds no version (Notion gives a page's last edit, not a block container's), and the adapter reads last editors for a page's top-level blocks only. A block directly in a page is told apart (its update's answer carries the page's version, #18), and Asana's tag.add reads modified_at after its write. The fix belongs in packages/notion: a version for a block container (its children's last edits, which its listing already carries) and a last-editors read of a block's children",
    provider: 'notion',
    shownBy: "no seed of the generator has drawn it (460 drawn notion seeds: the default 60, and 400 from INCIDENT_BASE=31000000); reproduced by hand: the agent rewords the seeded nested list item 'and often' (alone in its session), a person rewords it and rewords it back, and the session is rolled back: the earlier text comes back",
    matches: (violation, result) => (UNVERSIONED_WRITES[result.provider]?.test(violation.detail) ?? false) && violation.kind === 'humanEditLost' && violation.detail.includes('(the same value A wrote before)'),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
