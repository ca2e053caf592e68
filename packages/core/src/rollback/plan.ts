// planRollback: read the session from the journal and the current state of what it touched; classify
// each step newest first, without changing anything.
import type { Compensation } from '../contract/compensation.js';
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry, PlanRecord } from '../contract/journal.js';
import { resourceKey } from '../contract/resource.js';
import { BackspaceError } from '../errors.js';
import type { RuntimeContext } from '../runtime/context.js';
import { withRetry } from '../runtime/retry.js';
import { assess, project, unmarked, type FieldCheck, type StepStatus } from './three-way.js';
import { mapConcurrent } from './map-concurrent.js';
import { inverseFromNow, reconcileOpenWrites } from './reconcile.js';
import { errorJson } from '../runtime/errors-json.js';
import { WriterAudit, type Keyring } from '../journal/writers.js';
import { isUnreadable, openValue } from '../journal/sealing.js';

/** Resources one `readMany` call is given at most. */
const READ_BATCH = 50;

export interface PlanOptions {
  /** Run compensations even where others built on the resource (delete instead of the gentler inverse). */
  force?: boolean;
  /** Plan a session that has not ended (the kill switch does this). */
  allowActive?: boolean;
  /** Resource reads in flight while planning (default 32). */
  readConcurrency?: number;
}

export interface PlanStep {
  actionId: string;
  action: string;
  /** `resourceKey()` of the resource. */
  resource: string;
  provider: string;
  status: StepStatus;
  reason: string;
  fields?: FieldCheck[];
  /** The compensation the rollback will run (the gentler one for an unforced `conflict`). */
  compensation: Compensation | null;
  /** For a `restore-fields` compensation: the fields it will restore (still holding the agent's value). */
  restoreFields?: string[];
  /** `inverse`, `gentler`, or `none` when nothing will run. */
  remedy: 'inverse' | 'gentler' | 'none';
  /** Order of the action in the journal (higher is newer). */
  seq: number;
  /** A compensation started by an earlier rollback that never recorded its outcome (a crash). */
  interruptedCompensation: boolean;
}

export interface BlastRadius {
  resources: number;
  byProvider: Record<string, number>;
  /** People who saw or touched the resources, where the adapter can tell. */
  actors: string[];
}

export interface RollbackPlan {
  sessionId: string;
  steps: PlanStep[];
  blastRadius: BlastRadius;
  /** What a rollback leaves behind, one human-readable line each. */
  residue: string[];
  /** Writes whose outcome could not be settled (in flight, or not found by their key): also in `residue`. */
  unsettled: string[];
}

function toPlanRecord(entry: JournalEntry): PlanRecord {
  const compensation = entry.type === 'action.committed' ? ((entry.data as { compensation?: Json }).compensation ?? null) : null;
  return { seq: entry.seq, at: entry.at, type: entry.type, actionId: entry.actionId, action: entry.action, idempotencyKey: entry.idempotencyKey, resource: entry.resource, compensation };
}

/** What planning keeps of a committed action: only what the step needs, so 100,000 actions fit in memory. */
interface CommittedAction {
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
}

interface LoadedSession {
  actions: CommittedAction[];
  /** Writes with an intent and no outcome, or an `unknown` one. */
  open: PlanRecord[];
  ended: boolean;
  slimmer: CompensationSlimmer;
  /** Entries left out because their writer could not be trusted with them (with a keyring). */
  ignored: string[];
}

async function loadSession(context: RuntimeContext, sessionId: string, allowActive: boolean): Promise<LoadedSession> {
  if (typeof sessionId !== 'string' || sessionId.length === 0) throw new BackspaceError('session_not_found', 'a session id is required');
  const ignored: string[] = [];
  // With a keyring, every entry is checked for its writer, which needs the whole entries.
  const pages = context.keyring
    ? [trustedEntries(await context.journal.sessionEntries(sessionId), context.keyring, ignored).map(toPlanRecord)]
    : (context.journal.sessionPlanPages?.(sessionId) ?? [(await context.journal.sessionEntries(sessionId)).map(toPlanRecord)]);
  let started = false;
  let ended = false;
  const slimmer = new CompensationSlimmer();
  const byAction = new Map<string, CommittedAction>();
  const compensations = new Map<string, string | null>();
  const open = new Map<string, PlanRecord>();
  for await (const page of pages) for (const entry of page as PlanRecord[]) {
    if (entry.type === 'session.started') started = true;
    else if (entry.type === 'session.ended') ended = true;
    else if (entry.type === 'action.intent' || entry.type === 'action.unknown') open.set(entry.actionId!, entry);
    else if (entry.type === 'action.failed') open.delete(entry.actionId!);
    else if (entry.type === 'action.committed') {
      open.delete(entry.actionId!);
      const opened = context.content && entry.compensation ? openValue(entry.compensation, entry.type, context.content) : entry.compensation;
      const compensation = isUnreadable(opened) ? null : slimmer.slim(opened as Compensation | null);
      const resource = entry.resource === null ? null : slimmer.intern(entry.resource);
      const committed: CommittedAction = { seq: entry.seq, actionId: entry.actionId!, action: slimmer.intern(entry.action!), resource, compensation, compensatedAt: null, interrupted: false };
      if (!compensation && entry.idempotencyKey) committed.idempotencyKey = entry.idempotencyKey;
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
  // Entries arrive in append order, so newest first is the insertion order reversed.
  const actions = [...byAction.values()].reverse();
  return { actions, open: [...open.values()], ended, slimmer, ignored };
}

/** The entries a rollback may act on: those whose writer the keyring trusts with them; the rest named. */
function trustedEntries(entries: JournalEntry[], keyring: Keyring, ignored: string[]): JournalEntry[] {
  const audit = new WriterAudit(keyring);
  return entries.filter((entry) => {
    const problem = audit.check(entry);
    if (problem) ignored.push(`entry ${entry.seq} ignored: ${problem}`);
    return problem === null;
  });
}

/**
 * Settles the session's open writes (lookup by key) and builds the inverse of any write committed
 * without its post-state; gives the session as planning then sees it, and what stays unsettled.
 */
async function loadSettledSession(context: RuntimeContext, sessionId: string, allowActive: boolean): Promise<LoadedSession & { unsettled: string[] }> {
  let loaded = await loadSession(context, sessionId, allowActive);
  let unsettled: string[] = [];
  if (loaded.open.length > 0) {
    // Nothing is recorded on top of a journal that does not verify.
    await requireIntactJournal(context, 'settle its writes');
    const reconciled = await reconcileOpenWrites(context, loaded.open, loaded.ended);
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

/**
 * Keeps only what planning and running need of a compensation: the compared fields of pre/post, and
 * shared copies of the strings and objects that repeat across steps on one resource, so a
 * 100,000-action session plans in bounded memory.
 */
class CompensationSlimmer {
  private readonly strings = new Map<string, string>();
  private readonly resources = new Map<string, Compensation['resource']>();
  private readonly fieldLists = new Map<string, string[]>();

  slim(compensation: Compensation | null): Compensation | null {
    if (!compensation) return null;
    const kept = compensation.contents ? [...compensation.fields, compensation.contents] : compensation.fields;
    const pick = (snapshot: Snapshot | null) => (snapshot ? Object.fromEntries(kept.map((field) => [field, snapshot[field] ?? null])) : null);
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

export async function planRollback(context: RuntimeContext, sessionId: string, options: PlanOptions = {}): Promise<RollbackPlan> {
  const { actions, unsettled, ignored } = await loadSettledSession(context, sessionId, options.allowActive ?? options.force ?? false);
  const now = context.clock.now();

  // One read per resource, concurrently; older steps on the same resource are planned against the
  // state the newer steps' compensations will leave.
  // Resource objects are shared per resource (see CompensationSlimmer), so their keys are computed once.
  const keys = new WeakMap<object, string>();
  const keyOf = (resource: Compensation['resource']) => {
    let key = keys.get(resource);
    if (key === undefined) keys.set(resource, (key = resourceKey(resource)));
    return key;
  };
  const resources = new Map<string, { provider: string; compensation: Compensation }>();
  for (const { compensation: declared, compensatedAt } of actions) {
    const compensation = effectiveCompensation(declared, now);
    if (!compensation || compensatedAt) continue;
    const key = keyOf(compensation.resource);
    if (!resources.has(key) && context.registry.hasAdapter(compensation.resource.provider)) resources.set(key, { provider: compensation.resource.provider, compensation });
  }
  const current = new Map<string, Snapshot | null>();
  // A provider that cannot be read now makes its steps `unreachable`; the rest of the rollback goes on.
  const unreadable = new Map<string, string>();
  const failed = (error: unknown) => (errorJson(error) as { message?: string }).message ?? 'read failed';
  // Providers that read many resources at once do, in batches; the rest, and what a batch left out,
  // are read one by one.
  const single: [string, Compensation['resource']][] = [];
  const batches: { provider: string; refs: Compensation['resource'][] }[] = [];
  const byProviderToRead = new Map<string, Compensation['resource'][]>();
  for (const [key, { provider, compensation }] of resources) {
    if (context.registry.adapter(provider).readMany) {
      const list = byProviderToRead.get(provider) ?? [];
      list.push(compensation.resource);
      byProviderToRead.set(provider, list);
    } else single.push([key, compensation.resource]);
  }
  for (const [provider, refs] of byProviderToRead) for (let start = 0; start < refs.length; start += READ_BATCH) batches.push({ provider, refs: refs.slice(start, start + READ_BATCH) });
  await mapConcurrent(batches, options.readConcurrency ?? 32, async ({ provider, refs }) => {
    try {
      const found = await withRetry(() => context.registry.adapter(provider).readMany!(refs), context.clock, context.retry);
      for (const ref of refs) {
        const key = keyOf(ref);
        if (found.has(key)) current.set(key, found.get(key) ?? null);
        else single.push([key, ref]);
      }
    } catch (error) {
      for (const ref of refs) unreadable.set(keyOf(ref), failed(error));
    }
  });
  await mapConcurrent(single, options.readConcurrency ?? 32, async ([key, resource]) => {
    try {
      current.set(key, await withRetry(() => context.registry.adapter(resource.provider).read(resource), context.clock, context.retry));
    } catch (error) {
      unreadable.set(key, failed(error));
    }
  });

  const steps: PlanStep[] = [];
  const residue: string[] = [];
  // Resources that newer steps of this rollback take away or put back whole: what the session put
  // inside a container it also created is not others' work.
  const removed = new Set<string>();
  const actors = new Set<string>();
  const byProvider: Record<string, Set<string>> = {};
  for (const committed of actions) {
    const { interrupted } = committed;
    const compensation = effectiveCompensation(committed.compensation, now);
    const provider = committed.action.slice(0, committed.action.indexOf('.'));
    const key = committed.resource ?? (compensation ? keyOf(compensation.resource) : '');
    (byProvider[provider] ??= new Set()).add(key);
    const step: PlanStep = { actionId: committed.actionId, action: committed.action, resource: key, provider, status: 'undo', reason: '', compensation: null, remedy: 'none', seq: committed.seq, interruptedCompensation: interrupted };
    steps.push(step);
    if (committed.compensatedAt) {
      Object.assign(step, { status: 'already-undone', reason: `undone by an earlier rollback at ${committed.compensatedAt}` });
      continue;
    }
    if (committed.sealedAway) {
      Object.assign(step, { status: 'expired', reason: `its inverse cannot be read: ${committed.sealedAway}` });
      residue.push(`${committed.action} on ${key}: not undone, its inverse is ${committed.sealedAway}`);
      continue;
    }
    if (committed.unreachable) {
      Object.assign(step, { status: 'unreachable', reason: `${committed.unreachable}; roll back again to retry` });
      residue.push(`${committed.action} on ${key}: not undone yet, ${committed.unreachable}`);
      continue;
    }
    if (!compensation) {
      Object.assign(step, { status: 'irreversible', reason: `${committed.action} has no inverse` });
      residue.push(`${committed.action} on ${key}: irreversible, nothing can undo it`);
      continue;
    }
    if (compensation.reversibleUntil && Date.parse(compensation.reversibleUntil) < now) {
      Object.assign(step, { status: 'expired', reason: `its inverse stopped working at ${compensation.reversibleUntil}` });
      residue.push(`${committed.action} on ${key}: the inverse expired at ${compensation.reversibleUntil}`);
      continue;
    }
    if (compensation.resource.provider !== provider || !compensation.operation.startsWith(`${provider}.`)) {
      Object.assign(step, { status: 'conflict', reason: `refused: its inverse ${compensation.operation} on ${keyOf(compensation.resource)} is not ${provider}'s, so ${committed.action} cannot have staged it` });
      residue.push(`${committed.action} on ${key}: its staged inverse was refused (another provider's operation or resource)`);
      continue;
    }
    if (!context.registry.hasAdapter(compensation.resource.provider)) {
      Object.assign(step, { status: 'conflict', reason: `no ${compensation.resource.provider} adapter is registered to undo it` });
      residue.push(`${committed.action} on ${key}: no adapter registered to undo it`);
      continue;
    }
    const readKey = keyOf(compensation.resource);
    const unread = unreadable.get(readKey);
    if (unread !== undefined) {
      Object.assign(step, { status: 'unreachable', reason: `reading ${readKey} failed (${unread}); roll back again to retry` });
      residue.push(`${committed.action} on ${key}: not undone yet, ${compensation.resource.provider} could not be read (${unread})`);
      continue;
    }
    const state = current.get(readKey) ?? null;
    const adapter = context.registry.adapter(compensation.resource.provider);
    if (state && adapter.actors) adapter.actors(state).forEach((actor) => actors.add(actor));
    const assessment = assess(compensation, state, removed);
    if (assessment.foreign?.length) assessment.reason += await whoWrote(context, sessionId, assessment.foreign);
    step.status = assessment.status;
    step.reason = committed.note ? `${assessment.reason} (${committed.note})` : assessment.reason;
    // Field detail is what an operator reads for partial steps and conflicts; plain undos skip it to
    // keep a 100,000-step plan small.
    if (assessment.fields && assessment.status !== 'undo') step.fields = assessment.fields;
    const chosen = chooseRemedy(compensation, assessment.status, options.force ?? false);
    step.compensation = chosen.compensation;
    step.remedy = chosen.remedy;
    if (chosen.compensation?.strategy === 'restore-fields') step.restoreFields = assessment.restore ?? [];
    // Older steps on this resource see the fields someone changed after this step as others' values,
    // never as the agent's (an interrupted compensation of ours is the exception).
    const othersFields = committed.interrupted ? [] : (assessment.fields ?? []).filter((check) => check.decision !== 'restore').map((check) => check.field);
    if (othersFields.length > 0 && state) current.set(readKey, markChangedByOthers(chosen.compensation ? project(state, chosen.compensation, assessment.restore) : state, othersFields));
    if (chosen.compensation) {
      if (othersFields.length === 0) current.set(readKey, project(state, chosen.compensation, assessment.restore));
      // Removed, or put back whole as it was before the session (moved out again, changes undone):
      // either way no longer the session's work inside a container it made.
      if ('absent' in chosen.compensation.expect || (assessment.status === 'undo' && chosen.remedy === 'inverse')) removed.add(readKey);
      if (chosen.compensation.residue) residue.push(chosen.compensation.residue);
    }
    if (assessment.status === 'conflict' && chosen.remedy === 'gentler') step.reason += `; using the gentler inverse: ${chosen.compensation!.description}`;
    if (assessment.status === 'conflict' && chosen.remedy === 'none') residue.push(`${committed.action} on ${key}: left in place, ${assessment.reason}`);
    if (assessment.status === 'gone') residue.push(`${committed.action} on ${key}: ${assessment.reason}`);
  }
  residue.push(...unsettled, ...ignored);

  const providers = Object.fromEntries(Object.entries(byProvider).map(([provider, keys]) => [provider, keys.size]));
  return {
    sessionId,
    steps,
    blastRadius: { resources: Object.values(providers).reduce((sum, count) => sum + count, 0), byProvider: providers, actors: [...actors].sort() },
    residue,
    unsettled,
  };
}

/** Refuses to go on when the journal's hash chains break: nothing may be planned or recorded on a forgery. */
export async function requireIntactJournal(context: RuntimeContext, doing: string): Promise<void> {
  const verified = await context.journal.verify();
  if (!verified.ok) {
    throw new BackspaceError('journal_tampered', `the journal's hash chain breaks at entry ${verified.firstBad.seq} (${verified.firstBad.reason}); refusing to ${doing}`, { details: { seq: verified.firstBad.seq } });
  }
}

/** Names who put the foreign items inside a container, from the journal: another session, this one, or no agent. */
async function whoWrote(context: RuntimeContext, sessionId: string, items: string[]): Promise<string> {
  const named: string[] = [];
  for (const item of items.slice(0, 5)) {
    const entries = await context.journal.resourceEntries(item);
    const writer = entries.find((entry) => entry.type === 'action.committed');
    if (!writer) named.push(`${item} by someone outside Backspace`);
    else if (writer.sessionId === sessionId) named.push(`${item} by this session's ${writer.action}, which this rollback cannot undo`);
    else named.push(`${item} by session ${writer.sessionId} (agent ${writer.agentId})`);
  }
  return `: ${named.join('; ')}${items.length > 5 ? `; and ${items.length - 5} more` : ''}`;
}

/** Replaces each field with a value no agent wrote, so older steps keep it as someone else's. */
function markChangedByOthers(snapshot: Snapshot | null, fields: string[]): Snapshot | null {
  if (!snapshot) return snapshot;
  const marked = { ...snapshot };
  for (const field of fields) marked[field] = { changedByOthers: unmarked(snapshot[field]) ?? null };
  return marked;
}

/** Past its deadline, a compensation gives way to its `afterExpiry` inverse where it declares one. */
function effectiveCompensation(compensation: Compensation | null, now: number): Compensation | null {
  if (!compensation?.reversibleUntil || Date.parse(compensation.reversibleUntil) >= now) return compensation;
  return compensation.afterExpiry ?? compensation;
}

/** The compensation as the engine runs it: a restore-fields one narrowed to the fields it restores. */
export function compensationToRun(step: PlanStep): Compensation {
  const compensation = step.compensation!;
  if (compensation.strategy !== 'restore-fields') return compensation;
  const values = Object.fromEntries((step.restoreFields ?? []).map((field) => [field, compensation.pre?.[field] ?? null]));
  return { ...compensation, fields: step.restoreFields ?? [], input: { ...(compensation.input as object), values }, expect: { fields: values } };
}

function chooseRemedy(compensation: Compensation, status: StepStatus, force: boolean): { compensation: Compensation | null; remedy: PlanStep['remedy'] } {
  if (status === 'undo' || status === 'partial') return { compensation, remedy: 'inverse' };
  if (status === 'conflict' && compensation.strategy === 'guarded') {
    if (force) return { compensation, remedy: 'inverse' };
    if (compensation.gentler) return { compensation: compensation.gentler, remedy: 'gentler' };
  }
  return { compensation: null, remedy: 'none' };
}
