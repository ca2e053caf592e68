// Deferred effects, the releasing side: the calls a session held, listed; sent when a person commits the
// session or the supervisor's audit of it passes; dropped by a rollback before then. Releasing and
// dropping both take the session's rollback lock (one process at a time, across processes and hosts),
// and each send goes through the normal write path under the held call's key, so a call is sent once
// even with two releasers at once or after a releaser crashed mid-way (its send is looked up by key).
import { randomUUID } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { isUnreadable, openData } from '../journal/sealing.js';
import { WriterAudit } from '../journal/writers.js';
import { lockSession } from '../rollback/run.js';
import { requireIntactJournal } from '../rollback/load-session.js';
import type { RuntimeContext } from './context.js';
import { deferralsOf, statusOf, type DeferralRecord, type DeferredStatus, type ReleaseTrigger } from './deferred.js';
import { errorJson } from './errors-json.js';
import { runAction } from './run-action.js';
import { SessionState } from './session-state.js';

/** A call a session held, as an operator reads it. */
export interface HeldAction {
  deferredId: string;
  sessionId: string;
  agentId: string | null;
  action: string;
  idempotencyKey: string | null;
  resource: string | null;
  /** As journaled: sensitive fields redacted. */
  input: Json;
  /** The policy rule that held it, and why. */
  rule: string | null;
  reason: string | null;
  heldAt: string;
  /** `sending`: released and sent, its outcome not yet known (the next release looks it up by key). */
  status: DeferredStatus | 'sending';
  released: { by: string; trigger: string; at: string } | null;
  dropped: { by: string; reason: string; at: string } | null;
}

export interface ReleasedAction {
  deferredId: string;
  action: string;
  /** `sent` by this release; `already-sent` by an earlier one; `dropped` by a rollback (never sent); `held`: still held (its agent is paused); `failed`: refused or unknown. */
  outcome: 'sent' | 'already-sent' | 'dropped' | 'held' | 'failed';
  result?: Json;
  error?: Json;
}

export interface ReleaseReport {
  sessionId: string;
  actions: ReleasedAction[];
  /** Calls this release sent to their provider. */
  sent: number;
  summary: string;
}

export interface ReleaseOptions {
  /** Who releases (an operator's name; the writer's id is recorded when the runtime signs). */
  by: string;
  /** `person` (default): an operator commits the session; `audit`: the supervisor, its audit passed. */
  trigger?: ReleaseTrigger;
  /** Only these held calls (deferred ids); every held call of the session when absent. */
  only?: string[];
  /** How long to wait for another release or a rollback of the session to finish (default 30 s). */
  waitMs?: number;
}

export interface Outbox {
  /** Held calls, of one session or all, with where each stands. */
  list(filter?: { sessionId?: string }): Promise<HeldAction[]>;
  /** Commits the session: sends each held call once, through the normal write path; dropped ones never. */
  release(sessionId: string, options: ReleaseOptions): Promise<ReleaseReport>;
}

/** A dropped call, as a rollback report lists it. */
export interface DroppedAction {
  deferredId: string;
  sessionId: string;
  action: string;
  resource: string | null;
}

export function createOutbox(context: RuntimeContext): Outbox {
  return {
    async list(filter = {}) {
      const sessions = filter.sessionId ? [filter.sessionId] : [...new Set((await context.journal.entriesOfType(['action.deferred'])).map((entry) => entry.sessionId!))];
      const held: HeldAction[] = [];
      for (const sessionId of sessions) held.push(...deferralsOf(await trusted(context, sessionId)).map((record) => describe(context, record)));
      return held;
    },
    release: (sessionId, options) => release(context, sessionId, options),
  };
}

async function release(context: RuntimeContext, sessionId: string, options: ReleaseOptions): Promise<ReleaseReport> {
  if (!options || typeof options.by !== 'string' || options.by.length === 0) throw new BackspaceError('invalid_input', 'releasing a session needs { by }: who commits it');
  const trigger = options.trigger ?? 'person';
  const unlock = await lockWaiting(context, sessionId, options.waitMs ?? 30_000);
  try {
    await requireIntactJournal(context, 'release held calls');
    const entries = await trusted(context, sessionId);
    const started = entries.find((entry) => entry.type === 'session.started');
    if (!started) throw new BackspaceError('session_not_found', `no session ${sessionId} in the journal`, { details: { sessionId } });
    const state = new SessionState(sessionId, started.agentId ?? '', started.correlationId);
    state.ended = true;
    const by = context.writer?.id ?? options.by;
    const actions: ReleasedAction[] = [];
    for (const record of deferralsOf(entries)) {
      if (options.only && !options.only.includes(record.entry.actionId!)) continue;
      actions.push(await releaseOne(context, state, record, by, trigger));
    }
    const sent = actions.filter((action) => action.outcome === 'sent').length;
    return { sessionId, actions, sent, summary: summarize(actions) };
  } finally {
    await unlock();
  }
}

async function releaseOne(context: RuntimeContext, state: SessionState, record: DeferralRecord, by: string, trigger: ReleaseTrigger): Promise<ReleasedAction> {
  const { entry } = record;
  const named = { deferredId: entry.actionId!, action: entry.action! };
  const status = statusOf(record);
  if (status === 'dropped') return { ...named, outcome: 'dropped' };
  if (status === 'sent') return { ...named, outcome: 'already-sent' };
  // Opened even by a runtime with no content keys: a sealed input must show as unreadable, never be sent as it is.
  const data = openData(entry.data, entry.type, context.content) as { input?: Json; held?: Json; reasoning?: string | null; confidence?: number | null; valueAtRisk?: number | null };
  const input = data.held ?? data.input ?? null;
  if (isUnreadable(input)) return { ...named, outcome: 'failed', error: { message: `its input cannot be read: ${input.unreadable}` } };
  if (!record.released) {
    await context.append({
      type: 'deferred.released',
      ...aboutTheCall(entry),
      data: { by, trigger, ...(context.writer && context.writer.id !== by ? { givenBy: by } : {}) },
    });
  }
  try {
    const options = { ...(entry.idempotencyKey ? { idempotencyKey: entry.idempotencyKey } : {}), ...(typeof data.reasoning === 'string' ? { reasoning: data.reasoning } : {}), ...(typeof data.confidence === 'number' ? { confidence: data.confidence } : {}), ...(typeof data.valueAtRisk === 'number' ? { valueAtRisk: data.valueAtRisk } : {}) };
    const result = await runAction(context, state, entry.action!, input, options, { deferral: entry, by, trigger });
    // Sent now, or found sent by an earlier release that crashed before recording it (settled by key).
    return { ...named, outcome: status === 'sending' ? 'already-sent' : 'sent', result: result as Json };
  } catch (error) {
    // Killed before it was sent, it is still held; killed in flight, it may have reached the provider:
    // not "still held" (Stripe may have made the refund), unknown, and the next release looks it up by key.
    if (BackspaceError.isInstance(error) && error.code === 'killed') return { ...named, outcome: (error.details as { mayHaveLanded?: boolean } | undefined)?.mayHaveLanded ? 'failed' : 'held', error: errorJson(error) };
    return { ...named, outcome: 'failed', error: errorJson(error) };
  }
}

/**
 * Marks the session's held calls dropped (never sent, never to be): called by a rollback while it holds
 * the session's rollback lock, so no release can send one meanwhile. A call already sent, or whose send
 * may have landed, is not dropped: it is the rollback's to plan like any write.
 */
export async function dropHeld(context: RuntimeContext, sessionId: string, drop: { rollbackId: string; reason: string }): Promise<DroppedAction[]> {
  const dropped: DroppedAction[] = [];
  for (const record of deferralsOf(await trusted(context, sessionId))) {
    const status = statusOf(record);
    if (status !== 'held' && status !== 'failed') continue;
    const { entry } = record;
    await context.append({
      type: 'deferred.dropped',
      ...aboutTheCall(entry),
      data: { by: context.writer?.id ?? 'rollback', rollbackId: drop.rollbackId, reason: drop.reason },
    });
    dropped.push({ deferredId: entry.actionId!, sessionId, action: entry.action!, resource: entry.resource });
  }
  return dropped;
}

/** The session's entries; with a keyring only those whose writers may have written them. */
async function trusted(context: RuntimeContext, sessionId: string): Promise<JournalEntry[]> {
  const entries = await context.journal.sessionEntries(sessionId);
  if (!context.keyring) return entries;
  const audit = new WriterAudit(context.keyring);
  return entries.filter((entry) => audit.check(entry) === null);
}

/** The session's rollback lock, waiting while another release or a rollback holds it. */
async function lockWaiting(context: RuntimeContext, sessionId: string, waitMs: number): Promise<() => Promise<void>> {
  const holder = `release:${randomUUID()}`;
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      return await lockSession(context, sessionId, holder);
    } catch (error) {
      if (!BackspaceError.isInstance(error) || error.code !== 'rollback_in_progress' || Date.now() >= until) throw error;
      // Real time, not the runtime's clock: the other holder works at the database's pace.
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

function describe(context: RuntimeContext, record: DeferralRecord): HeldAction {
  const { entry, released, dropped } = record;
  const data = context.open(entry) as { input?: Json; rule?: string | null; reason?: string | null };
  const releasedData = (released?.data ?? {}) as { by?: string; trigger?: string };
  const droppedData = (dropped?.type === 'action.failed' ? { by: 'its agent', reason: (dropped.data as { error?: { message?: string } }).error?.message } : (dropped?.data ?? {})) as { by?: string; reason?: string };
  return {
    deferredId: entry.actionId!,
    sessionId: entry.sessionId!,
    agentId: entry.agentId,
    action: entry.action!,
    idempotencyKey: entry.idempotencyKey,
    resource: entry.resource,
    input: data.input ?? null,
    rule: data.rule ?? null,
    reason: data.reason ?? null,
    heldAt: entry.at,
    status: statusOf(record),
    released: released ? { by: String(releasedData.by), trigger: String(releasedData.trigger), at: released.at } : null,
    dropped: dropped && statusOf(record) === 'dropped' ? { by: String(droppedData.by), reason: String(droppedData.reason), at: dropped.at } : null,
  };
}

function summarize(actions: ReleasedAction[]): string {
  if (actions.length === 0) return 'nothing held: the session deferred no call';
  const count = (outcome: ReleasedAction['outcome']) => actions.filter((action) => action.outcome === outcome).length;
  const parts = [`${count('sent')} sent`];
  if (count('already-sent')) parts.push(`${count('already-sent')} already sent`);
  if (count('dropped')) parts.push(`${count('dropped')} dropped by a rollback (never sent)`);
  if (count('held')) parts.push(`${count('held')} still held (the agent is paused)`);
  if (count('failed')) parts.push(`${count('failed')} failed`);
  return parts.join(', ');
}

/** What a release or a drop says of the held call it is about: the deferral's own session, action and key. */
function aboutTheCall(entry: JournalEntry): Pick<JournalEntry, 'sessionId' | 'agentId' | 'correlationId' | 'actionId' | 'action' | 'idempotencyKey' | 'resource'> {
  const { sessionId, agentId, correlationId, actionId, action, idempotencyKey, resource } = entry;
  return { sessionId, agentId, correlationId, actionId, action, idempotencyKey, resource };
}
