// What planning reads of a session: its committed actions newest first (only what each step needs, so
// 100,000 actions fit in memory), its writes without an outcome settled by their keys first, and with a
// keyring only the entries whose writers may have written them.
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry, PlanRecord } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import type { RuntimeContext } from '../runtime/context.js';
import { isUnreadable, openValue } from '../journal/sealing.js';
import { trustedEntries } from '../journal/writers.js';
import { inverseFromNow, reconcileOpenWrites } from './reconcile.js';
import { expandFields } from './three-way.js';
import type { PlanOptions } from './plan.js';
import type { SessionAction } from './select-steps.js';

function toPlanRecord(entry: JournalEntry): PlanRecord {
  const compensation = entry.type === 'action.committed' ? ((entry.data as { compensation?: Json }).compensation ?? null) : null;
  return { seq: entry.seq, at: entry.at, type: entry.type, actionId: entry.actionId, action: entry.action, idempotencyKey: entry.idempotencyKey, resource: entry.resource, compensation };
}

/** What planning keeps of a committed action: only what the step needs, so 100,000 actions fit in memory. */
export interface CommittedAction {
  seq: number;
  actionId: string;
  action: string;
  resource: string | null;
  compensation: Compensation | null;
  compensatedAt: string | null;
  interrupted: boolean;
  /** Only for an action committed without a compensation: its key, to tell irreversible from unread. */
  idempotencyKey?: string;
  /** Why the step cannot be planned now (its inverse could not be built). */
  unreachable?: string;
  /** A caveat the step's reason carries. */
  note?: string;
  /** Its inverse was sealed with a key no longer held (past retention): why it cannot be read. */
  sealedAway?: string;
  /**
   * The journal position of its first intent, where that is before its commit: what other sessions
   * wrote on the resource since then may have come after the write itself (a write settled late, its
   * answer lost or its agent gone, is committed long after it landed).
   */
  since?: number;
}

export interface LoadedSession {
  actions: CommittedAction[];
  /** Writes with an intent and no outcome, or an `unknown` one. */
  open: PlanRecord[];
  ended: boolean;
  slimmer: CompensationSlimmer;
  /** Entries left out because their writer could not be trusted with them (with a keyring). */
  ignored: string[];
}

/**
 * A session's entries as planning reads them, page by page (a long session never whole in memory). With
 * a keyring, every entry is checked for its writer, which needs the whole entries; those left out are
 * named in `ignored`.
 */
export async function sessionPlanPages(context: RuntimeContext, sessionId: string, ignored: string[] = []): Promise<Iterable<PlanRecord[]> | AsyncIterable<PlanRecord[]>> {
  if (context.keyring) return [trustedEntries(await context.journal.sessionEntries(sessionId), context.keyring, ignored).map(toPlanRecord)];
  return context.journal.sessionPlanPages?.(sessionId) ?? [(await context.journal.sessionEntries(sessionId)).map(toPlanRecord)];
}

async function loadSession(context: RuntimeContext, sessionId: string, allowActive: boolean): Promise<LoadedSession> {
  if (typeof sessionId !== 'string' || sessionId.length === 0) throw new BackspaceError('session_not_found', 'a session id is required');
  const ignored: string[] = [];
  const pages = await sessionPlanPages(context, sessionId, ignored);
  let started = false;
  let ended = false;
  const slimmer = new CompensationSlimmer((provider) => (context.registry.hasAdapter(provider) ? context.registry.adapter(provider).versionField : undefined));
  const byAction = new Map<string, CommittedAction>();
  const compensations = new Map<string, string | null>();
  const open = new Map<string, PlanRecord>();
  const firstIntent = new Map<string, number>();
  // Writes whose answer did not come back while the session went on (an `unknown` outcome, or settled
  // after the session ended): where their last attempt stands in the session.
  const settledLate = new Map<string, number>();
  let movedBack = false;
  for await (const page of pages) for (const entry of page as PlanRecord[]) {
    if (entry.type === 'session.started') started = true;
    else if (entry.type === 'session.ended') ended = true;
    else if (entry.type === 'action.intent' || entry.type === 'action.unknown') {
      open.set(entry.actionId!, entry);
      if (!firstIntent.has(entry.actionId!)) firstIntent.set(entry.actionId!, entry.seq);
      if (entry.type === 'action.unknown' || settledLate.has(entry.actionId!)) settledLate.set(entry.actionId!, entry.seq);
    }
    else if (entry.type === 'action.failed') open.delete(entry.actionId!);
    else if (entry.type === 'action.committed') {
      const opened = context.content && entry.compensation ? openValue(entry.compensation, entry.type, context.content) : entry.compensation;
      const compensation = isUnreadable(opened) ? null : slimmer.slim(opened as Compensation | null);
      const resource = entry.resource === null ? null : slimmer.intern(entry.resource);
      // A write settled late took effect when it was last attempted, not when its outcome was recorded:
      // it is undone in that place, after the session's later writes on the same resource.
      const lastAttempt = settledLate.get(entry.actionId!) ?? (ended ? open.get(entry.actionId!)?.seq : undefined);
      const seq = lastAttempt ?? entry.seq;
      if (seq !== entry.seq) movedBack = true;
      open.delete(entry.actionId!);
      const committed: CommittedAction = { seq, actionId: entry.actionId!, action: slimmer.intern(entry.action!), resource, compensation, compensatedAt: null, interrupted: false };
      if (!compensation && entry.idempotencyKey) committed.idempotencyKey = entry.idempotencyKey;
      const intended = firstIntent.get(entry.actionId!);
      if (intended !== undefined && intended < seq) committed.since = intended;
      if (isUnreadable(opened)) committed.sealedAway = opened.unreadable;
      byAction.set(entry.actionId!, committed);
    } else if (entry.type === 'compensation.intent' && !compensations.has(entry.actionId!)) compensations.set(entry.actionId!, null);
    else if (entry.type === 'compensation.committed') compensations.set(entry.actionId!, entry.at);
  }
  if (!started) throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`, { details: { sessionId } });
  if (!allowActive && !ended) {
    throw new BackspaceError('session_active', `session ${sessionId} is still running; if its agent is gone, end it with \`backspace end ${sessionId}\` (no force needed), then plan again`, { details: { sessionId } });
  }
  for (const [actionId, compensatedAt] of compensations) {
    const action = byAction.get(actionId);
    if (!action) continue;
    action.compensatedAt = compensatedAt;
    action.interrupted = compensatedAt === null;
  }
  // Newest first: entries arrive in append order, so the insertion order reversed, with writes settled
  // late moved back to where they were attempted.
  const actions = [...byAction.values()].reverse();
  if (movedBack) actions.sort((left, right) => right.seq - left.seq);
  return { actions, open: [...open.values()], ended, slimmer, ignored };
}

/**
 * An open write left as it is, unsettled: what it is, and why it is not planned. `soFar`: an agent planning
 * its own open session; otherwise a dry run (`settle: false`) that must not look it up, so it says plainly
 * that the rollback settles it.
 */
function notSettledYet(record: PlanRecord, soFar: boolean): string {
  const what = `${record.action}${record.resource ? ` on ${record.resource}` : ''} (key ${record.idempotencyKey})`;
  if (!soFar) return `${what}: outcome unknown, settled when the rollback runs (looked up by its key then; this plan did not look it up, so it is not planned here)`;
  return record.type === 'action.unknown'
    ? `${what}: outcome unknown, not planned; calling it again with the same key looks it up, and planning the ended session settles it`
    : `${what}: still in flight (started ${record.at}), not planned; plan again once it finishes`;
}

/**
 * Settles the session's open writes (lookup by key; with `settle: false` only names them) and builds
 * the inverse of any write committed without its post-state; gives the session as planning then sees
 * it, and what stays unsettled.
 */
export async function loadSettledSession(context: RuntimeContext, sessionId: string, allowActive: boolean, { settle = true, soFar = false } = {}): Promise<LoadedSession & { unsettled: string[] }> {
  let loaded = await loadSession(context, sessionId, allowActive);
  let unsettled: string[] = [];
  if (!settle) unsettled = loaded.open.map((record) => notSettledYet(record, soFar));
  else if (loaded.open.length > 0) {
    // Nothing is recorded on top of a journal that does not verify.
    await requireIntactJournal(context, 'settle its writes');
    const reconciled = await reconcileOpenWrites(context, sessionId, loaded.open, loaded.ended);
    unsettled = reconciled.unsettled;
    if (reconciled.settled > 0) loaded = await loadSession(context, sessionId, allowActive);
  }
  for (const action of loaded.actions) {
    if (action.compensation || !action.idempotencyKey || action.compensatedAt || action.sealedAway) continue;
    const entries = await context.journal.keyEntries(action.idempotencyKey);
    const committed = entries.find((entry) => entry.type === 'action.committed' && entry.actionId === action.actionId);
    if (!committed || !(committed.data as { postUnread?: boolean }).postUnread) continue;
    const intent = entries.find((entry) => entry.type === 'action.intent' && entry.actionId === action.actionId);
    const built = context.registry.hasAdapter(action.action.slice(0, action.action.indexOf('.')))
      ? await inverseFromNow(context, committed, intent)
      : { unreachable: 'no adapter is registered to build its inverse' };
    if ('unreachable' in built) action.unreachable = `its post-state was never read back and ${built.unreachable}`;
    else {
      action.compensation = loaded.slimmer.slim(built.compensation);
      action.note = built.note;
    }
  }
  return { ...loaded, unsettled };
}

/** Each session's committed actions (open writes settled first), tagged with it, newest first across them. */
export async function loadSessions(context: RuntimeContext, sessionIds: string[], options: PlanOptions): Promise<{ actions: SessionAction[]; unsettled: string[]; ignored: string[] }> {
  const soFar = options.soFar ?? false;
  const lists: SessionAction[][] = [];
  const unsettled: string[] = [];
  const ignored: string[] = [];
  for (const sessionId of sessionIds) {
    // A session planned so far, or a dry run (`settle: false`), looks nothing up: nothing is appended.
    const loaded = await loadSettledSession(context, sessionId, soFar || (options.allowActive ?? options.force ?? false), { settle: !soFar && options.settle !== false, soFar });
    for (const action of loaded.actions) (action as SessionAction).sessionId = sessionId;
    lists.push(loaded.actions as SessionAction[]);
    unsettled.push(...loaded.unsettled);
    ignored.push(...loaded.ignored);
  }
  return { actions: newestFirst(lists), unsettled, ignored };
}

/** Merges lists that are each newest first into one, newest first (journal order across sessions). */
export function newestFirst(lists: SessionAction[][]): SessionAction[] {
  const nonEmpty = lists.filter((list) => list.length > 0);
  if (nonEmpty.length <= 1) return nonEmpty[0] ?? [];
  return nonEmpty.flat().sort((left, right) => right.seq - left.seq);
}

/**
 * Keeps only what planning and running need of a compensation: the compared fields of pre/post, and
 * shared copies of the strings and objects that repeat across steps on one resource, so a
 * 100,000-action session plans in bounded memory.
 */
class CompensationSlimmer {
  private readonly strings = new Map<string, string>();
  private readonly resources = new Map<string, Compensation['resource']>();
  private readonly fieldLists = new Map<string, string[]>();

  /** `versionField`: the field of each provider's snapshots holding the resource's version, kept too (see `Adapter.versionField`). */
  constructor(private readonly versionField: (provider: string) => string | undefined = () => undefined) {}

  slim(compensation: Compensation | null): Compensation | null {
    if (!compensation) return null;
    const version = this.versionField(compensation.resource.provider);
    const kept = [...compensation.fields, ...(compensation.contents ? [compensation.contents] : []), ...(version ? [version] : [])];
    const pick = (snapshot: Snapshot | null) => (snapshot ? Object.fromEntries(expandFields(kept, snapshot).map((field) => [field, snapshot[field] ?? null])) : null);
    const { resource, fields } = compensation;
    return {
      ...compensation,
      resource: shared(this.resources, `${resource.provider}.${resource.type}:${resource.id}`, resource),
      fields: shared(this.fieldLists, fields.length === 1 ? fields[0]! : fields.join('\u0000'), fields),
      pre: pick(compensation.pre),
      post: pick(compensation.post),
      ...(compensation.gentler ? { gentler: this.slim(compensation.gentler)! } : {}),
      ...(compensation.afterExpiry ? { afterExpiry: this.slim(compensation.afterExpiry)! } : {}),
    };
  }

  intern(text: string): string {
    return shared(this.strings, text, text);
  }
}

function shared<T>(cache: Map<string, T>, key: string, value: T): T {
  const found = cache.get(key);
  if (found !== undefined) return found;
  cache.set(key, value);
  return value;
}

/** Refuses to go on when the journal's hash chains break: nothing may be planned or recorded on a forgery. */
export async function requireIntactJournal(context: RuntimeContext, doing: string): Promise<void> {
  const verified = await context.journal.verify();
  if (!verified.ok) {
    throw new BackspaceError('journal_tampered', `the journal's hash chain breaks at entry ${verified.firstBad.seq} (${verified.firstBad.reason}); refusing to ${doing}`, { details: { seq: verified.firstBad.seq } });
  }
}

