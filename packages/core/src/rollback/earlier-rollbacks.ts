// Fields an earlier rollback had to leave because a session planned now wrote them after it. Agent A
// set a field, agent B (a later session) set it again, and A was rolled back first: A's rollback found
// B's value and kept it, B's to keep. Undoing B now would put back what B found, A's value: the effect of
// a session already rolled back, brought back. What A's rollback would have restored, had B not been in
// the way, is A's pre-state: B's undo restores that instead (through a chain of such sessions, the oldest
// one's), and says whose value it stepped over. A value B found that no rolled-back session left there
// (a person's, or a session never rolled back) is restored as it was.
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import type { RuntimeContext } from '../runtime/context.js';
import { isUnreadable } from '../journal/sealing.js';
import { resourceKey } from '../contract/resource.js';
import { TrustedEntries } from './later-sessions.js';
import { sameJson } from './three-way.js';
import { rollbacksSince } from './whole-rollbacks.js';

/** An older session's committed write on the resource, and whether a rollback dealt with it after `seq`. */
interface OlderWrite {
  seq: number;
  sessionId: string;
  actionId: string;
  action: string;
  resource: string;
  by: string;
  pre: Snapshot;
  post: Snapshot;
  /** Where rollbacks that dealt with it finished (or undid it in part). */
  rolledBackAt: number[];
  /** Whether a rollback undid it (wholly or in part): a step kept as a conflict was not. */
  undone: boolean;
  /** Its inverse's strategy: `restore-fields` puts fields back, the others undo the resource whole. */
  strategy: Compensation['strategy'];
}

/** Most sessions a chain steps through (each a rolled-back session's value over the one before). */
const MAX_CHAIN = 50;

export class EarlierRollbacks {
  private readonly byResource = new Map<string, Promise<OlderWrite[]>>();

  /** What the rolled-back sessions wrote on, read once: only those resources' histories are read. */
  private resources: Promise<Set<string>> | undefined;
  private entries: Promise<JournalEntry[]> | undefined;
  private byInverse: Promise<Map<string, Set<string>>> | undefined;

  private constructor(
    private readonly context: RuntimeContext,
    private readonly trusted: TrustedEntries,
    /** Sessions a rollback finished for after the planned sessions' first write. */
    private readonly rolledBack: Set<string>,
    /** Per session, where each whole rollback of it (no step left out by a selection) finished. */
    private readonly wholeRollbacks: Map<string, number[]>,
  ) {}

  /**
   * Null when no rollback of another session finished after the planned sessions' first write: then
   * nothing more is read. A rollback that left steps out (a selection) may have left this one out: what
   * its session wrote is then not taken for kept by it, unless the step itself was undone in part.
   * Rollbacks of the `except` sessions are not looked at (a rollback's own, just run).
   */
  static async open(context: RuntimeContext, planned: readonly { seq: number }[], except: readonly string[] = []): Promise<EarlierRollbacks | null> {
    if (planned.length === 0) return null;
    const firstSeq = planned.reduce((first, action) => Math.min(first, action.seq), Infinity);
    const trusted = new TrustedEntries(context, new Set());
    const { finished, whole } = await rollbacksSince(context, trusted, firstSeq, except);
    return finished.size > 0 ? new EarlierRollbacks(context, trusted, finished, whole) : null;
  }

  /**
   * The compensation to run for a step restoring `fields` of the write at `seq` (of `sessionId`) on the
   * resource journaled under `keys`: the
   * same, unless a field's value to restore is one an older session left there whose rollback, after this
   * write, had to keep it; then that session's pre-state value, and a note naming whose value it steps
   * over; `already`: such fields that hold that value now (`current`), nothing left to restore there.
   */
  async through(keys: readonly string[], { seq, sessionId }: { seq: number; sessionId: string }, compensation: Compensation, fields: readonly string[], current: Snapshot | null): Promise<{ compensation: Compensation; note: string; already: string[] } | null> {
    if (!compensation.pre || fields.length === 0) return null;
    const older = (await this.writesOn(keys)).filter((write) => write.sessionId !== sessionId && write.seq < seq);
    const values: Record<string, Json> = {};
    const over = new Set<string>();
    for (const field of fields) {
      let value = compensation.pre[field] ?? null;
      let before = seq;
      for (let step = 0; step < MAX_CHAIN; step += 1) {
        // The newest older write that left this value, changed the field, and was rolled back after the write it is under.
        // Only a write whose inverse puts fields back (an update): a field absent from its snapshots is null (a label not on).
        const left = older.filter((write) => write.seq < before && write.strategy === 'restore-fields' && !sameJson(write.pre[field] ?? null, write.post[field] ?? null) && sameJson(write.post[field] ?? null, value) && write.rolledBackAt.some((at) => at > before)).at(-1);
        if (!left) break;
        value = left.pre[field] ?? null;
        before = left.seq;
        over.add(left.by);
      }
      if (!sameJson(value, compensation.pre[field] ?? null)) values[field] = value;
    }
    if (Object.keys(values).length === 0) return null;
    const changed = Object.keys(values).join(', ');
    return {
      compensation: { ...compensation, pre: { ...compensation.pre, ...values } },
      // Fields already holding the value before those sessions: nothing to put back there (an inverse that
      // only takes off, as a label's, could not put it back anyway).
      already: Object.keys(values).filter((field) => sameJson(current?.[field] ?? null, values[field])),
      note: `; ${changed} to the value before ${[...over].join(' and ')}, whose rollback left it because this session had changed it since`,
    };
  }

  /**
   * Older writes on the resource, of sessions outside `sessions`, that a whole rollback of theirs, after
   * the write at `seq`, kept whole (a conflict: the inverse would have undone the resource under that
   * write): owed now that the write at `seq` is undone. Writes whose fields `through` restores are not,
   * unless the keys are of a resource the undo changed as a side effect (`changing` its fields: no
   * `through` restores them) and the write changed every one of those fields (A's append of the toggle
   * whose state B's undo changed, not A's edit of another block in the same page).
   */
  async owedUnder(keys: readonly string[], seq: number, sessions: readonly string[], { changing }: { changing?: readonly string[] } = {}): Promise<OlderWrite[]> {
    const changedAll = (write: OlderWrite) => changing !== undefined && changing.length > 0 && changing.every((field) => !sameJson(write.pre[field] ?? null, write.post[field] ?? null));
    // Also those journaled under another key whose inverse names one of these (a page's create, journaled as the page, its trash as the page's contents).
    const byInverse = await this.inverseKeys();
    return (await this.writesOn([...keys, ...keys.flatMap((key) => [...(byInverse.get(key) ?? [])])])).filter((write) => !sessions.includes(write.sessionId) && write.seq < seq && !write.undone && (write.strategy !== 'restore-fields' || changedAll(write)) && write.rolledBackAt.some((at) => at > seq));
  }

  /** Whether a rolled-back session has a write on this provider that no rollback undid (kept whole), which an undo now may owe. */
  async hasKeptWrites(provider: string): Promise<boolean> {
    const entries = await this.sessionsEntries();
    const undone = new Set(entries.filter((entry) => entry.type === 'compensation.committed').map((entry) => entry.actionId));
    return entries.some((entry) => entry.type === 'action.committed' && entry.action?.startsWith(`${provider}.`) === true && !undone.has(entry.actionId));
  }

  /** The keys the writes with this idempotency key are journaled under (the write a `madeBy` names). */
  async madeBy(idempotencyKey: string): Promise<string[]> {
    const entries = await this.trusted.of(await this.context.journal.keyEntries(idempotencyKey));
    return [...new Set(entries.flatMap((entry) => (entry.type === 'action.committed' && entry.resource ? [entry.resource] : [])))];
  }

  /**
   * The writes on a resource journaled under any of its keys, oldest first: the one a write named it by
   * (an identifier, `ENG-1`) and the one its inverse names (the id the provider answered with).
   */
  private async writesOn(keys: readonly string[]): Promise<OlderWrite[]> {
    const all = new Map<string, OlderWrite>();
    for (const key of new Set(keys)) for (const write of await this.writes(key)) all.set(write.actionId, write);
    return [...all.values()].sort((left, right) => left.seq - right.seq);
  }

  private writes(key: string): Promise<OlderWrite[]> {
    let writes = this.byResource.get(key);
    if (!writes) this.byResource.set(key, (writes = this.readWrites(key)));
    return writes;
  }

  private async readWrites(key: string): Promise<OlderWrite[]> {
    this.resources ??= this.sessionsEntries().then((entries) => new Set(entries.flatMap((entry) => (entry.resource ? [entry.resource] : []))));
    if (!(await this.resources).has(key)) return [];
    return this.olderWrites(await this.trusted.of(await this.context.journal.resourceEntries(key)));
  }

  /** The rolled-back sessions' entries, read once. */
  private sessionsEntries(): Promise<JournalEntry[]> {
    this.entries ??= Promise.all([...this.rolledBack].map((sessionId) => this.context.journal.sessionEntries(sessionId))).then((all) => all.flat());
    return this.entries;
  }

  /** By the key a rolled-back session's write's inverse names, where that is not the key the write is journaled under: the journaled keys (read once). */
  private inverseKeys(): Promise<Map<string, Set<string>>> {
    this.byInverse ??= this.sessionsEntries().then(async (entries) => {
      const keys = new Map<string, Set<string>>();
      for (const entry of await this.trusted.of(entries.filter((candidate) => candidate.type === 'action.committed' && candidate.resource))) {
        const opened = (this.context.open(entry) as { compensation?: unknown }).compensation ?? null;
        if (!opened || isUnreadable(opened as never)) continue;
        const inverse = resourceKey((opened as Compensation).resource);
        if (inverse !== entry.resource) keys.set(inverse, new Set([...(keys.get(inverse) ?? []), entry.resource!]));
      }
      return keys;
    });
    return this.byInverse;
  }

  /**
   * Older sessions' committed writes on the resource, each with where a rollback dealt with it: a whole
   * rollback of its session (which planned it, and kept what it could not restore), or an undo of it in
   * part (which kept the rest).
   */
  private olderWrites(entries: JournalEntry[]): OlderWrite[] {
    const undone = new Map<string, number[]>();
    // A write stands where it was first attempted: one settled late (its answer lost, its agent killed)
    // is committed long after it landed, maybe after the newer write over it.
    const attempted = new Map<string, number>();
    for (const entry of entries) {
      if (entry.type === 'compensation.committed' && entry.actionId) undone.set(entry.actionId, [...(undone.get(entry.actionId) ?? []), entry.seq]);
      if (entry.type === 'action.intent' && entry.actionId && !attempted.has(entry.actionId)) attempted.set(entry.actionId, entry.seq);
    }
    return entries.flatMap((entry): OlderWrite[] => {
      if (entry.type !== 'action.committed' || entry.sessionId === null || !entry.actionId) return [];
      const rolledBackAt = [...(undone.get(entry.actionId) ?? []), ...(this.wholeRollbacks.get(entry.sessionId) ?? [])];
      if (rolledBackAt.length === 0) return [];
      const opened = (this.context.open(entry) as { compensation?: unknown }).compensation ?? null;
      if (!opened || isUnreadable(opened as never)) return [];
      // A create has no pre-state (nor a delete a post-state): it leaves no field value, and may be owed.
      const { pre, post } = opened as Compensation;
      return [{ seq: Math.min(entry.seq, attempted.get(entry.actionId) ?? entry.seq), sessionId: entry.sessionId, actionId: entry.actionId, action: entry.action ?? '', resource: entry.resource ?? '', by: `session ${entry.sessionId} (agent ${entry.agentId})`, pre: pre ?? {}, post: post ?? {}, rolledBackAt, undone: undone.has(entry.actionId), strategy: (opened as Compensation).strategy }];
    });
  }
}
