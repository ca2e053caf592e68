// What newer steps of a rollback move into and out of containers, for the older steps on those
// containers: an inverse that puts its resource back inside one (`into`: a subtask moved back under its
// former parent) makes it an item there that the container's removal must not take along; one that takes
// its resource out of one (`outOf`: a subtask the agent moved under its own new task, moved back out)
// leaves it no longer inside, so it is not someone else's work kept there.
import type { Compensation } from '../contract/compensation.js';
import { resourceKey } from '../contract/resource.js';

export class ContainerMoves {
  /** By container key: what newer steps put back inside it. */
  private readonly into = new Map<string, Set<string>>();
  /** By container key: what newer steps take out of it. */
  private readonly outOf = new Map<string, Set<string>>();

  /** Records an inverse planned to run, on the resource with key `key`, restoring `restoring` (restore-fields). */
  record(compensation: Compensation, key: string, restoring?: readonly string[]): void {
    if (compensation.movesVia !== undefined && restoring !== undefined && !restoring.includes(compensation.movesVia)) return;
    for (const [moves, containers] of [[this.into, compensation.into], [this.outOf, compensation.outOf]] as const) {
      for (const container of containers ?? []) {
        const containerKey = resourceKey(container);
        moves.set(containerKey, (moves.get(containerKey) ?? new Set<string>()).add(key));
      }
    }
  }

  /** What newer steps put back inside the container. */
  addedTo(container: string): ReadonlySet<string> | undefined {
    return this.into.get(container);
  }

  /** What is no longer inside the container once newer steps ran: `removed` (taken away for good), and what they move out of it. */
  removedFrom(container: string, removed: ReadonlySet<string>): ReadonlySet<string> {
    const out = this.outOf.get(container);
    return out ? new Set([...removed, ...out]) : removed;
  }
}
