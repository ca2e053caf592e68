// What sits on or under the agent's issue now that planning did not see there: someone built on it while
// the rollback ran (a sub-issue filed under it, a pull request attached, a comment). The engine reads the
// issue again before its archive or trash once planning is over a second old (removal-recheck.ts); work
// added after that last look, while the archive is on its way, shows in the archive's own answer, and
// Linear takes a parent's sub-issues along: the undo of the agent's creation puts it all back at once.
import type { Snapshot } from '@backspace/core';
import { INSIDE_FIELD } from '../snapshots.js';

/** Items in `now`'s contents that the planned state (`pre`) did not list; none where there is no planned list to compare with. */
export function addedSince(pre: Snapshot | null | undefined, now: Snapshot | null | undefined): string[] {
  const planned = pre?.[INSIDE_FIELD];
  const current = now?.[INSIDE_FIELD];
  if (!Array.isArray(planned) || !Array.isArray(current)) return [];
  const seen = new Set(planned.map(String));
  return current.map(String).filter((item) => !seen.has(item));
}

/** Why the issue stays: the work named was added after planning read it. */
export const builtOnMeanwhile = (name: string, items: string[]) => `someone built on ${name} while the rollback ran (${items.join(', ')}, added after it was planned): it stays where it is`;
