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
  // asana.task.tag.add is answered with an empty object: no `modified_at`.
  asana: /^tag:/,
  // A block's write is answered without its page: no page `last_edited_time`/`last_edited_by`.
  notion: /^text(:|$)/,
};

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "asana tags, notion blocks (three-way by value): a person who sets a field to the very value the agent left (changes it and changes it back) after a write whose answer carries no version of the resource (Asana answers addTagForTask with an empty object, no modified_at; Notion answers a block write without its page's last_edited_time) is not told from the agent when no newer write of the session on it carries one, so the rollback puts the earlier value back over the person's choice. Core asks the adapter's history (Asana's task stories, Notion's last editors) only when the version moved since the rollback's newest write it knows; reading the task or page after each such write would close it at one more request per write. Slack needs no entry: only a message's author edits it, only the bot removes its reaction, and the topic's creator is read",
    provider: '*',
    shownBy: "on asana: the agent tags a task (alone), a person removes the tag and adds it back, and the session is rolled back; on notion: the agent rewords a paragraph (alone), a person rewords it and rewords it back, and the session is rolled back (linear 20260293 showed the defect on Linear before its fix)",
    matches: (violation, result) => (UNVERSIONED_WRITES[result.provider]?.test(violation.detail) ?? false) && violation.kind === 'humanEditLost' && violation.detail.includes('(the same value A wrote before)'),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
