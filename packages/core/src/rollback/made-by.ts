// Writes on what another write made, journaled under another name (an inverse's `madeBy`: an edit of the
// message Slack posted from the agent's scheduled one, which the schedule's snapshot lists inside it once
// edited, since Slack keeps an edited message's mark). Every such write undone whole, the oldest one's
// undo having put back what the maker left, nothing of them is left inside it: the scheduled message's
// undo deletes the message, its words back as the agent scheduled them, rather than retracting it.
import type { Compensation } from '../contract/compensation.js';
import type { Snapshot } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import type { RuntimeContext } from '../runtime/context.js';
import { isUnreadable } from '../journal/sealing.js';
import type { LaterSessionWrites } from './later-sessions.js';
import { TrustedEntries } from './later-sessions.js';
import type { SessionAction } from './select-steps.js';
import { sameJson } from './three-way.js';

export class MadeBy {
  /** By the action id of a planned write: the keys of the planned writes on what it made (read once when first asked). */
  private plannedOn: Promise<Map<string, Set<string>>> | undefined;
  /** Actions this rollback's newer steps undo whole. */
  private readonly undoneHere = new Set<string>();
  private readonly trusted: TrustedEntries;

  constructor(
    private readonly context: RuntimeContext,
    private readonly actions: readonly SessionAction[],
    private readonly laterWrites: LaterSessionWrites | null,
  ) {
    // Every session's entries audited: the planned sessions' own writes on it count too.
    this.trusted = new TrustedEntries(context, new Set());
  }

  /** A newer step this rollback undoes whole (its every field, or the resource). */
  undone(actionId: string): void {
    this.undoneHere.add(actionId);
  }

  /**
   * Of `items` inside the resource the write `maker` made, those that are writes on it under another
   * name, every one of them undone whole (by an earlier rollback, or by this one's newer steps), the
   * oldest one's undo having put back, in each field it restores, what the maker left (`post`).
   */
  async putBack(maker: { actionId: string; seq: number; post: Snapshot | null }, items: readonly string[]): Promise<Set<string>> {
    const cleared = new Set<string>();
    if (items.length === 0 || !maker.post) return cleared;
    const made = new Set([...((await this.plannedWrites()).get(maker.actionId) ?? []), ...((await this.laterWrites?.madeOn(maker.actionId, maker.seq))?.keys() ?? [])]);
    for (const item of items) if (made.has(item) && this.allPutBack(await this.trusted.of(await this.context.journal.resourceEntries(item)), maker)) cleared.add(item);
    return cleared;
  }

  private allPutBack(entries: JournalEntry[], maker: { seq: number; post: Snapshot | null }): boolean {
    const since = entries.filter((entry) => entry.seq > maker.seq);
    const settled = new Set(since.filter((entry) => entry.type === 'action.committed' || entry.type === 'action.failed').map((entry) => entry.actionId));
    // A write whose outcome is not known may have changed it.
    if (since.some((entry) => entry.type === 'action.intent' && !settled.has(entry.actionId))) return false;
    const undone = new Set(since.filter((entry) => entry.type === 'compensation.committed').map((entry) => entry.actionId));
    // An undo of part of a write (a field someone changed since kept), or a correction, left some of it.
    const inPart = new Set(since.filter((entry) => entry.type === 'compensation.intent' && (entry.data as { status?: unknown }).status !== 'undo').map((entry) => entry.actionId));
    const writes = since.filter((entry) => entry.type === 'action.committed');
    if (writes.length === 0 || !writes.every((write) => this.undoneHere.has(write.actionId!) || (undone.has(write.actionId) && !inPart.has(write.actionId)))) return false;
    const oldest = (this.context.open(writes[0]!) as { compensation?: unknown }).compensation ?? null;
    if (!oldest || isUnreadable(oldest as never)) return false;
    const { fields, pre } = oldest as Compensation;
    return fields.every((field) => !(field in maker.post!) || sameJson(pre?.[field] ?? null, maker.post![field] ?? null));
  }

  private plannedWrites(): Promise<Map<string, Set<string>>> {
    this.plannedOn ??= (async () => {
      const byMaker = new Map<string, Set<string>>();
      const planned = new Set(this.actions.map((action) => action.actionId));
      for (const action of this.actions) {
        const madeBy = action.compensation?.madeBy;
        if (!madeBy || !action.resource) continue;
        for (const entry of await this.context.journal.keyEntries(madeBy)) {
          if (entry.type !== 'action.committed' || !entry.actionId || !planned.has(entry.actionId)) continue;
          byMaker.set(entry.actionId, new Set([...(byMaker.get(entry.actionId) ?? []), action.resource]));
        }
      }
      return byMaker;
    })();
    return this.plannedOn;
  }
}
