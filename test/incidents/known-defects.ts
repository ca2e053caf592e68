// Defects the fuzzer found that are not fixed yet, each named, with a seed that shows it and its owner.
// A violation matching an entry is printed but does not fail CI; anything else does. Remove an entry
// once its fix lands: its seed must then pass. Nothing is excluded silently.
import type { Violation } from './invariants.js';
import type { IncidentResult } from './runner.js';

export interface KnownDefect {
  /** What is wrong, in a sentence, and where the fix belongs. */
  defect: string;
  /** A seed that shows it: `INCIDENT_SEED=<seed> INCIDENT_PROVIDER=<provider> npx vitest run test/incidents`. */
  seed: number;
  provider: string;
  matches(violation: Violation, result: IncidentResult): boolean;
}

export const KNOWN_DEFECTS: KnownDefect[] = [
  {
    defect:
      "core: a write whose outcome was unknown (agent killed mid-write, or a lost answer never retried) is reconciled as 'failed' when another session has since committed an action on the object it created: adoptable() in core's run-action.ts takes any committed entry on the resource, an update included, for someone else's creation, though the lookup found this attempt's own key; the rollback then has no step for it and says nothing (fix in packages/core)",
    seed: 20260154,
    provider: '*',
    matches: (violation, result) => violation.kind === 'silentMiss' && violation.detail.includes('the report has no step for it') && result.unsettledA,
  },
  {
    defect:
      "core: an update whose outcome was unknown (a lost answer whose lookup failed too) and that a later write of the same session overwrote is reconciled as 'failed' when planning (its lookup no longer sees its values), so the rollback restores the later write's pre-state, which is the first write's value, and reports every step verified (reconcile in packages/core must plan an unknown update as possibly committed, from its intent's pre-state)",
    seed: 20260003,
    provider: '*',
    matches: (violation, result) => violation.kind === 'silentMiss' && result.unsettledA && /: A's ".*" left as ".*\bta\d+\b.*", expected/.test(violation.detail),
  },
  {
    defect:
      "notion: the agent's new page is trashed by the rollback though a person commented on it or another session edited the blocks the agent wrote in it (page.create's contents miss comments and others' edits of the agent's own blocks) (fix in packages/notion)",
    seed: 20260063,
    provider: 'notion',
    matches: (violation) => violation.kind === 'humanEditLost' && /^(page|block):/.test(violation.item) && violation.detail.startsWith('the rollback removed it, though others built on it'),
  },
  {
    defect:
      "github: labels.add's inverse removes every label its post-state has that its pre-state lacked, not only the labels it was asked to add: when the post-state is read late (a write settled by lookup after the agent died or lost the answer), a label another session or a person added in between is removed by the rollback (derive the fields from input.labels, in packages/github)",
    seed: 20260049,
    provider: 'github',
    matches: (violation, result) => violation.kind === 'humanEditLost' && violation.item.startsWith('issue:') && /^label:[^:]+: "yes" by [BH] became undefined$/.test(violation.detail) && result.unsettledA,
  },
  {
    defect:
      "github: a person closes and reopens the agent's new issue (keeping it open on purpose); the rollback closes it again and reports it undone and verified (issue.create guards title, body and comments, not the state a person set) (fix in packages/github)",
    seed: 30000117,
    provider: 'github',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('issue:') && /^the rollback closed it, though [HB] had set it open$/.test(violation.detail),
  },
  {
    defect:
      "slack: pin.add's lookup adopts a pin someone else made after the agent's attempt was lost (it checks that the message is pinned, not who pinned it), so the rollback unpins a person's pin (fix in packages/slack)",
    seed: 30000100,
    provider: 'slack',
    matches: (violation) => violation.kind === 'humanEditLost' && /^pinned: "yes" by [HB] became undefined$/.test(violation.detail),
  },
  {
    defect:
      "github: the agent's new branch is deleted by the rollback though a person committed on it, once the agent had merged a pull request from it (the merge is reverted, then branch.create's 'work' contents no longer show the person's commit, so it is lost from every branch) (fix in packages/github)",
    seed: 20260183,
    provider: 'github',
    matches: (violation) => violation.kind === 'humanEditLost' && /^(branch|file):/.test(violation.item) && violation.detail.startsWith('the rollback removed it, though others built on it'),
  },
  {
    defect:
      "core (by design, three-way by value): a person who sets a field to the very value the agent left (moves the issue to the same state) cannot be told from the agent, so the rollback puts the earlier value back over the person's choice; an adapter that can read who changed a field last (Linear's history, GitHub's events) could tell them apart",
    seed: 20260293,
    provider: '*',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.detail.includes('(the same value A wrote before)'),
  },
  {
    defect:
      "core: a write settled late (the agent died with it in flight, or lost its answer) takes the state when planning as its post-state, so what others changed on it in between counts as the agent's: its guarded inverse sees no conflict and removes their work with it (recordCommit when reconciling, in packages/core; an adapter can build a create's post-state from its input with definition.post)",
    seed: 20260298,
    provider: '*',
    matches: (violation, result) => violation.kind === 'humanEditLost' && result.unsettledA && violation.detail.startsWith('the rollback removed it, though others built on it'),
  },
  {
    defect:
      "slack: when another session on the same bot token edited the agent's message, the rollback's gentler correction replaces that session's text with the retraction notice (the conflict is found, but the correction overwrites the very edit that caused it) (fix in packages/slack)",
    seed: 20260054,
    provider: 'slack',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('message:') && /^text: ".*" by B became "_This message was posted in error/.test(violation.detail),
  },
  {
    defect:
      "slack: a message the agent scheduled that has since posted, then edited by another session on the same bot token, is deleted by the rollback (undo, verified) with that session's text: the posted message's delete does not guard its text (fix in packages/slack)",
    seed: 20260062,
    provider: 'slack',
    matches: (violation) => violation.kind === 'humanEditLost' && violation.item.startsWith('scheduled:') && /others built on it \(.*text by B/.test(violation.detail),
  },
];

export function knownDefect(violation: Violation, result: IncidentResult): KnownDefect | undefined {
  return KNOWN_DEFECTS.find((defect) => (defect.provider === '*' || defect.provider === result.provider) && defect.matches(violation, result));
}
