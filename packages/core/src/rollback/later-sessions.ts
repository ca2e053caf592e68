// Writes other agent sessions made after this rollback's: theirs, kept. The agent that set a field back
// to the value this session left (a promotion code a person deactivated and another session reactivated)
// looks like this session to a comparison of values, and with one shared token the provider's history
// names the same writer for both. The journal tells them apart: a later committed write of a session
// outside the rollback (not rolled back since) owns the fields it changed, and, on a resource this
// session made, counts as building on it.
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import type { RuntimeContext } from '../runtime/context.js';
import { isUnreadable } from '../journal/sealing.js';
import { WriterAudit } from '../journal/writers.js';
import { resourceKey } from '../contract/resource.js';
import { sameJson } from './three-way.js';
import { rollbacksSince } from './whole-rollbacks.js';

/** A later session's write that took an item out of a container, with an undo that puts it back (its inverse's `into`). */
interface MoveOut {
  seq: number;
  sessionId: string;
  by: string;
  item: string;
}

/** A later session's write on a resource another write made, journaled under another name (its inverse's `madeBy`). */
interface MadeOn {
  seq: number;
  sessionId: string;
  by: string;
  /** The key it is journaled under: how the made resource lists it among what is inside it. */
  item: string;
  undone: boolean;
}

/** Later sessions' committed writes, each with its staged inverse, and the ones undone since. */
interface LaterCommits {
  commits: { entry: JournalEntry; compensation: Compensation }[];
  undone: Set<string | null>;
}

interface LaterWrite {
  seq: number;
  sessionId: string;
  by: string;
  /** The fields it changed (its inverse's pre- and post-state differ), or null when its inverse cannot tell. */
  changed: Set<string> | null;
}

export class LaterSessionWrites {
  private readonly byResource = new Map<string, Promise<LaterWrite[]>>();
  private readonly trusted: TrustedEntries;
  /** By container key, read once when first asked: later sessions' moves out of it whose undo is still to run. */
  private movesOut: Promise<Map<string, MoveOut[]>> | undefined;
  /** Later sessions' committed writes since the planned sessions' first, read once when first asked. */
  private commits: Promise<LaterCommits> | undefined;
  /** By the action id of the write that made the resource: later writes on it under another name. */
  private madeOnBy: Promise<Map<string, MadeOn[]>> | undefined;
  /** Per later session, where its whole rollbacks finished (read once when first asked): what they kept stays kept. */
  private wholeRollbacks: Promise<Map<string, number[]>> | undefined;

  private constructor(
    private readonly context: RuntimeContext,
    private readonly planned: ReadonlySet<string>,
    /** The planned sessions' first write: later ones are after it. */
    private readonly firstSeq: number,
  ) {
    this.trusted = new TrustedEntries(context, planned);
  }

  /**
   * Null when no session outside the rollback was open after the rollback's sessions started (the
   * common case, one agent at a time): then no resource's history is read.
   */
  static async open(context: RuntimeContext, sessionIds: readonly string[], firstSeq: number): Promise<LaterSessionWrites | null> {
    const planned = new Set(sessionIds);
    const sessions = await context.journal.sessions();
    const starts = sessions.filter((session) => planned.has(session.id)).map((session) => session.startedAt);
    if (starts.length === 0) return null;
    const first = starts.sort()[0]!;
    // Committed actions or none: a session whose only write is in flight, or lost its answer, counts.
    const others = sessions.some((session) => !planned.has(session.id) && (session.endedAt === null || session.endedAt >= first));
    return others ? new LaterSessionWrites(context, planned, firstSeq) : null;
  }

  /** Of `fields`, those a later session changed after `afterSeq`, each with who did. */
  async fieldsSince(key: string, afterSeq: number, fields: readonly string[]): Promise<Map<string, string>> {
    const kept = new Map<string, string>();
    for (const write of await this.writes(key)) {
      if (write.seq <= afterSeq) continue;
      for (const field of fields) if (!kept.has(field) && (write.changed === null || write.changed.has(field))) kept.set(field, `set since by ${write.by}`);
    }
    return kept;
  }

  /** Who changed `kept` (fields the rollback leaves) after `afterSeq`, as a reason's ending: '' when no later session did. */
  async keptFor(key: string, afterSeq: number, kept: readonly string[]): Promise<string> {
    const by = await this.fieldsSince(key, afterSeq, kept);
    return [...by].map(([field, why]) => ` (${field} ${why})`).join('');
  }

  /** Who wrote the resource after `afterSeq` from a session outside the rollback, if anyone. */
  async writerSince(key: string, afterSeq: number): Promise<string | undefined> {
    return (await this.writes(key)).find((write) => write.seq > afterSeq)?.by;
  }

  /**
   * The later sessions whose writes after `afterSeq`, still to be undone (not undone, their session not
   * rolled back whole since, which kept them), are all that keeps the step: each of `fields` changed by
   * one of them, or (`fields` empty) the resource written by one. Undefined when anything else keeps it.
   */
  async heldFor(key: string, afterSeq: number, fields: readonly string[]): Promise<string[] | undefined> {
    const pending: LaterWrite[] = [];
    for (const write of await this.writes(key)) if (write.seq > afterSeq && !(await this.rolledBackWholeSince(write))) pending.push(write);
    const owners = fields.length === 0 ? pending : fields.map((field) => pending.find((write) => write.changed === null || write.changed.has(field)));
    if (owners.length === 0 || owners.some((write) => write === undefined)) return undefined;
    return [...new Set(owners.map((write) => write!.by))];
  }

  /** Whether a whole rollback of the write's session finished after it: it dealt with the write. */
  private async rolledBackWholeSince(write: { seq: number; sessionId: string }): Promise<boolean> {
    this.wholeRollbacks ??= rollbacksSince(this.context, this.trusted, this.firstSeq, [...this.planned]).then(({ whole }) => whole);
    return ((await this.wholeRollbacks).get(write.sessionId) ?? []).some((at) => at > write.seq);
  }

  /**
   * Who, in a session outside the rollback, took an item out of the container after `afterSeq` with an
   * undo that puts it back there (a person's subtask moved out from under the agent's task), while that
   * undo is still to run: not undone, and its session not rolled back whole since (such a rollback kept
   * the move). Removing the container would make that undo fail and strand the item: the container is
   * kept, and that session's rollback finishes it once the item is back (owed-undos).
   */
  async movedOutOf(container: string, afterSeq: number): Promise<string | undefined> {
    this.movesOut ??= this.readMovesOut();
    const move = (await this.movesOut).get(container)?.find((write) => write.seq > afterSeq);
    return move && `${move.by} moved ${move.item} out of it, and undoing that puts it back`;
  }

  private async readMovesOut(): Promise<Map<string, MoveOut[]>> {
    const { commits, undone } = await this.laterCommits();
    const byContainer = new Map<string, MoveOut[]>();
    for (const { entry, compensation } of commits) {
      if (undone.has(entry.actionId) || (await this.rolledBackWholeSince({ seq: entry.seq, sessionId: entry.sessionId! }))) continue;
      const { into, movesVia, pre, post } = compensation;
      // An inverse that moves only through a field (a task's parent) moves nothing when the write left that field as it was.
      if (!into?.length || (movesVia !== undefined && sameJson(pre?.[movesVia] ?? null, post?.[movesVia] ?? null))) continue;
      const move = { seq: entry.seq, sessionId: entry.sessionId!, by: writerName(entry), item: entry.resource ?? resourceKey(compensation.resource) };
      for (const container of into) byContainer.set(resourceKey(container), [...(byContainer.get(resourceKey(container)) ?? []), move]);
    }
    return byContainer;
  }

  /**
   * What later sessions wrote after `afterSeq` on the resource the write `actionId` made, under another
   * name (the message Slack posted from the agent's scheduled one, edited), by the key each is journaled
   * under: who wrote it where that write is still to be undone (not undone, its session not rolled back
   * whole since), else null.
   */
  async madeOn(actionId: string, afterSeq: number): Promise<Map<string, string | null>> {
    this.madeOnBy ??= this.readMadeOn();
    const made = new Map<string, string | null>();
    for (const write of ((await this.madeOnBy).get(actionId) ?? []).filter((candidate) => candidate.seq > afterSeq)) {
      const pending = !write.undone && !(await this.rolledBackWholeSince(write));
      if (pending || !made.has(write.item)) made.set(write.item, pending ? (made.get(write.item) ?? write.by) : null);
    }
    return made;
  }

  private async readMadeOn(): Promise<Map<string, MadeOn[]>> {
    const { commits, undone } = await this.laterCommits();
    const byMaker = new Map<string, MadeOn[]>();
    for (const { entry, compensation } of commits) {
      if (!compensation.madeBy) continue;
      const makers = (await this.trusted.of(await this.context.journal.keyEntries(compensation.madeBy))).filter((maker) => maker.type === 'action.committed' && maker.actionId);
      const write = { seq: entry.seq, sessionId: entry.sessionId!, by: writerName(entry), item: entry.resource ?? resourceKey(compensation.resource), undone: undone.has(entry.actionId) };
      for (const maker of makers) byMaker.set(maker.actionId!, [...(byMaker.get(maker.actionId!) ?? []), write]);
    }
    return byMaker;
  }

  private laterCommits(): Promise<LaterCommits> {
    this.commits ??= (async () => {
      const entries = (await this.trusted.of(await this.context.journal.entriesOfType(['action.committed', 'compensation.committed'], this.firstSeq))).filter((entry) => entry.sessionId !== null && !this.planned.has(entry.sessionId));
      const commits = entries.flatMap((entry) => {
        const opened = entry.type === 'action.committed' ? ((this.context.open(entry) as { compensation?: unknown }).compensation ?? null) : null;
        return opened && !isUnreadable(opened as never) ? [{ entry, compensation: opened as Compensation }] : [];
      });
      return { commits, undone: new Set(entries.filter((entry) => entry.type === 'compensation.committed').map((entry) => entry.actionId)) };
    })();
    return this.commits;
  }

  private writes(key: string): Promise<LaterWrite[]> {
    let writes = this.byResource.get(key);
    if (!writes) this.byResource.set(key, (writes = this.context.journal.resourceEntries(key).then((entries) => this.laterWrites(entries))));
    return writes;
  }

  /**
   * Committed writes of sessions outside the rollback, and their writes whose outcome is not known yet
   * (in flight, or an answer lost and not looked up): such a write may have landed, and what it may have
   * changed cannot be told, so it owns every field of the resource until it is settled.
   */
  private async laterWrites(all: JournalEntry[]): Promise<LaterWrite[]> {
    const entries = (await this.trusted.of(all)).filter((entry) => entry.sessionId !== null && !this.planned.has(entry.sessionId));
    const undone = new Set(entries.filter((entry) => entry.type === 'compensation.committed').map((entry) => entry.actionId));
    const settled = new Set(entries.filter((entry) => entry.type === 'action.committed' || entry.type === 'action.failed').map((entry) => entry.actionId));
    return entries.flatMap((entry): LaterWrite[] => {
      if (undone.has(entry.actionId)) return [];
      if (entry.type === 'action.committed') return [{ seq: entry.seq, sessionId: entry.sessionId!, by: writerName(entry), changed: this.changedBy(entry) }];
      if (entry.type === 'action.intent' && !settled.has(entry.actionId)) return [{ seq: entry.seq, sessionId: entry.sessionId!, by: `${writerName(entry)}, whose ${entry.action} may have landed (its outcome is not known yet)`, changed: null }];
      return [];
    });
  }

  private changedBy(entry: JournalEntry): Set<string> | null {
    const opened = (this.context.open(entry) as { compensation?: unknown }).compensation ?? null;
    if (!opened || isUnreadable(opened as never)) return null;
    const { pre, post } = opened as Compensation;
    if (!pre || !post) return null;
    return new Set([...Object.keys(pre), ...Object.keys(post)].filter((field) => !sameJson((pre as Snapshot)[field], (post as Snapshot)[field])));
  }
}

/**
 * A resource's entries as planning may trust them. With a keyring, only what a trusted writer signed
 * counts, as everywhere planning reads. The audit follows entries in journal order and takes an agent's
 * entry only from the agent that started its session, so each session's start goes in before the
 * resource's entries (none of which it is). The planned sessions' own entries are not audited here:
 * planning reads those from their sessions.
 */
export class TrustedEntries {
  /** Each session's `session.started`, read once: with a keyring, who may write in the session. */
  private readonly starts = new Map<string, Promise<JournalEntry | undefined>>();

  constructor(
    private readonly context: RuntimeContext,
    private readonly planned: ReadonlySet<string>,
  ) {}

  async of(all: JournalEntry[]): Promise<JournalEntry[]> {
    const { keyring } = this.context;
    if (!keyring) return all;
    const sessionIds = [...new Set(all.flatMap((entry) => (entry.sessionId === null || this.planned.has(entry.sessionId) ? [] : [entry.sessionId])))];
    const starts = (await Promise.all(sessionIds.map((sessionId) => this.startOf(sessionId)))).filter((entry): entry is JournalEntry => entry !== undefined);
    const audit = new WriterAudit(keyring);
    const passed = new Set<JournalEntry>();
    for (const entry of [...starts, ...all].sort((left, right) => left.seq - right.seq)) if (audit.check(entry) === null) passed.add(entry);
    return all.filter((entry) => passed.has(entry));
  }

  private startOf(sessionId: string): Promise<JournalEntry | undefined> {
    let start = this.starts.get(sessionId);
    if (!start) this.starts.set(sessionId, (start = this.context.journal.sessionEntries(sessionId).then((entries) => entries.find((entry) => entry.type === 'session.started'))));
    return start;
  }
}

/**
 * The later sessions whose writes, still to be undone, are all that keeps a guarded step from being undone
 * whole (see plan): each kept field changed by one of them under the key the step is journaled by
 * (`heldFor`), and each item put inside it one of their writes on what the step's write made, under another
 * name (`madeOn`). Undefined when anything else keeps it: their rollback would not find the step to finish
 * it (owed undos look for it under its key, or through that write's `madeBy`).
 */
export async function heldWhole(
  laterWrites: LaterSessionWrites | null,
  { key, readKey, since, keptFields, foreign, actionId }: { key: string; readKey: string; since: number; keptFields: readonly string[]; foreign: readonly string[]; actionId: string },
): Promise<string[] | undefined> {
  if (!laterWrites) return undefined;
  if (foreign.length === 0) return key === readKey ? laterWrites.heldFor(readKey, since, keptFields) : undefined;
  const madeOn = await laterWrites.madeOn(actionId, since);
  const byItems = foreign.map((item) => madeOn.get(item) ?? undefined);
  if (byItems.some((by) => by === undefined)) return undefined;
  const byFields = keptFields.length === 0 ? [] : key === readKey ? await laterWrites.heldFor(readKey, since, keptFields) : undefined;
  return byFields && [...new Set([...(byItems as string[]), ...byFields])];
}

/** A session's write as a reason names its writer. */
const writerName = (entry: JournalEntry): string => `session ${entry.sessionId} (agent ${entry.agentId})`;

/**
 * Names who put the foreign items inside a container, from the journal: another session, this one, or no
 * agent. An item journaled under no name of its own (a Notion block, written as its page's contents) is
 * named by the write on the container (`containerKeys`) whose inverse's post-state lists it and whose
 * pre-state does not: the write that put it there.
 */
export async function whoWrote(context: RuntimeContext, sessionId: string, items: string[], containerKeys: readonly string[] = []): Promise<string> {
  const named: string[] = [];
  let onContainer: JournalEntry[] | undefined;
  for (const item of items.slice(0, 5)) {
    const entries = await context.journal.resourceEntries(item);
    let writer = entries.find((entry) => entry.type === 'action.committed');
    if (!writer && containerKeys.length > 0) {
      onContainer ??= (await Promise.all([...new Set(containerKeys)].map((key) => context.journal.resourceEntries(key)))).flat().filter((entry) => entry.type === 'action.committed');
      writer = onContainer.find((entry) => putInside(context, entry, item));
    }
    if (!writer) named.push(`${item} by someone outside Backspace`);
    else if (writer.sessionId === sessionId) named.push(`${item} by this session's ${writer.action}, which this rollback cannot undo`);
    else named.push(`${item} by session ${writer.sessionId} (agent ${writer.agentId})`);
  }
  return `: ${named.join('; ')}${items.length > 5 ? `; and ${items.length - 5} more` : ''}`;
}

/** Whether the write's inverse lists the item in a list of its post-state that its pre-state's same list lacks. */
function putInside(context: RuntimeContext, entry: JournalEntry, item: string): boolean {
  const opened = (context.open(entry) as { compensation?: unknown }).compensation ?? null;
  if (!opened || isUnreadable(opened as never)) return false;
  const { pre, post } = opened as Compensation;
  return Object.entries(post ?? {}).some(([field, value]) => Array.isArray(value) && value.includes(item) && !(Array.isArray(pre?.[field]) && (pre[field] as Json[]).includes(item)));
}
