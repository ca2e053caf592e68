// What this rollback's own inverses changed on each resource, so that an older step on the same resource,
// read again before it runs, does not take them for someone building on it. Planning projects a newer
// step's inverse as the fields it restores; the provider may change more with them (GitHub reads an
// issue an agent reopened as `state_reason: reopened`, which an issue's create guards as a person's
// reopen). Read again after that inverse ran, such a field looked like someone else's change, and the
// older step was left in place though its plan said it would run (an incident's close undone, then the
// open kept: the issue reopened, the report blaming others for the rollback's own write).
//
// A field the inverse's answer shows changed may also be a person's change made while it ran (or waited
// to be sent again): values alone cannot tell them apart. So a field counts as the rollback's own only
// where the provider's history (`Adapter.lastWriters`) names this token as its last writer; without a
// history, nothing is excused and the step stays a conflict, as before. What sits inside a container is
// never excused: a comment or a subtask is someone's work whoever's token wrote it.
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import { resourceKey, type ResourceRef } from '../contract/resource.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';
import { expandFields, sameJson, unmarked } from './three-way.js';

export class OwnChanges {
  /** By resource key: each field a verified inverse of this rollback changed, and the value it left. */
  private readonly byResource = new Map<string, Map<string, Json>>();

  constructor(private readonly context: RuntimeContext) {}

  /** By resource key: each resource a verified inverse of this rollback wrote, and the state it left. */
  private readonly written = new Map<string, { resource: ResourceRef; after: Snapshot }>();

  /**
   * Records what a verified inverse changed: the fields that differ between the state it ran against
   * (read again just before it, or planning's) and the state its answer or read back shows.
   */
  record(resource: ResourceRef, before: Snapshot | null | undefined, after: Snapshot | null): void {
    const key = resourceKey(resource);
    if (after) this.written.set(key, { resource, after });
    if (!before || !after) return;
    let own = this.byResource.get(key);
    for (const field of Object.keys(after)) {
      if (sameJson(unmarked(before[field]), after[field])) continue;
      if (!own) this.byResource.set(key, (own = new Map()));
      own.set(field, after[field] ?? null);
    }
  }

  /**
   * `now` as the step's plan saw it where only this rollback changed it since: each field that still
   * holds what one of its own inverses left, that `planned` (the state the step was planned against) has
   * otherwise, and that the provider's history says this token set last, takes the planned value back.
   * Anything else stays as read. A history that cannot be read excuses nothing.
   */
  /**
   * The items of `inside` (a container read again before its removal) this rollback put there itself:
   * not inside it when planned, each a resource one of its verified inverses wrote, and read again still
   * as that inverse left it. A file the rollback put back on the agent's branch after reverting the
   * merge lists again among the branch's changes, though nobody else touched it; anything someone
   * changed since, or that was inside when planned, stays someone's work.
   */
  async putThereItself(inside: readonly string[], planned: ReadonlySet<string>): Promise<Set<string>> {
    const own = new Set<string>();
    for (const item of inside) {
      const wrote = this.written.get(item);
      if (!wrote || planned.has(item)) continue;
      const adapter = this.context.registry.adapter(wrote.resource.provider);
      const now = await withRetry(() => adapter.read(wrote.resource), this.context.clock, this.context.retry).catch(() => undefined);
      if (now && Object.keys(wrote.after).every((field) => sameJson(now[field], wrote.after[field]))) own.add(item);
    }
    return own;
  }

  async asPlanned(compensation: Compensation, now: Snapshot | null, planned: Snapshot | null | undefined): Promise<Snapshot | null> {
    const own = this.byResource.get(resourceKey(compensation.resource));
    if (!own || !now || !planned) return now;
    // Only what the step compares (never what sits inside a container), so no history is read for the rest.
    const compared = new Set(expandFields(compensation.fields, planned, now).filter((field) => field !== compensation.contents));
    const candidates = [...own].filter(([field, value]) => compared.has(field) && field in planned && sameJson(now[field], value) && !sameJson(now[field], planned[field]));
    if (candidates.length === 0) return now;
    const adapter = this.context.registry.adapter(compensation.resource.provider);
    if (!adapter.lastWriters) return now;
    const writers = await withRetry(() => adapter.lastWriters!(compensation.resource), this.context.clock, this.context.retry).catch(() => undefined);
    if (!writers) return now;
    const seen = { ...now };
    for (const [field] of candidates) if (writers.get(field)?.self === true) seen[field] = planned[field] ?? null;
    return seen;
  }
}
