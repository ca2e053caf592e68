// Deferred effects, the agent's side: a call that policy defers (a `defer` rule, or a session started
// with `defer: 'irreversible'`) is journaled as `action.deferred` with its input, redacted and sealed
// like an intent's, and the tool call answers that it is held. Nothing reaches the provider until an
// operator or the supervisor releases it (outbox.ts); a rollback before then drops it.
import { randomUUID } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry, NewEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { canonicalJson } from '../journal/hash-chain.js';
import type { RuntimeContext } from './context.js';
import type { PolicyRecord } from './enforce-policy.js';
import { describeKill } from './kill-switch.js';
import { toJson } from './redact.js';
import type { RunOptions } from './run-action.js';

/** Where a held action stands. */
export type DeferredStatus = 'held' | 'sent' | 'failed' | 'dropped';

/**
 * What `session.run` gives back for a held call: neither an error nor the provider's answer. The model
 * reads `message`; the app can tell it apart with `isDeferredResult`.
 */
export interface DeferredResult {
  deferred: true;
  /** `held` until released or dropped; a call again with the same key says what became of it. */
  status: DeferredStatus;
  deferredId: string;
  action: string;
  sessionId: string;
  message: string;
}

export function isDeferredResult(value: unknown): value is DeferredResult {
  return typeof value === 'object' && value !== null && (value as DeferredResult).deferred === true && typeof (value as DeferredResult).deferredId === 'string';
}

/** A release in progress: the runtime sends the held call through the normal write path, for the session. */
export interface ReleaseOrder {
  deferral: JournalEntry;
  /** Who released it: the operator's or the supervisor's writer id, or the name given. */
  by: string;
  /** `person` (an operator committed the session) or `audit` (the session passed the supervisor's audit). */
  trigger: ReleaseTrigger;
}

export type ReleaseTrigger = 'person' | 'audit';

export interface DeferArgs {
  name: string;
  input: unknown;
  /** The input as journaled: sensitive fields redacted. */
  inputJson: Json;
  hash: string;
  sentKey: string;
  reversibility: string;
  target: string | null;
  base: Omit<NewEntry, 'type' | 'data'>;
  options: RunOptions;
  policy: PolicyRecord;
}

/**
 * Journals the held call and answers for it. A call whose sensitive fields carry values can be held
 * only when content protection seals them (`held`): the redacted input could not be sent later, and
 * the values themselves must not reach the journal in the clear.
 */
export async function deferAction(context: RuntimeContext, args: DeferArgs): Promise<DeferredResult> {
  const full = toJson(args.input);
  const redacted = canonicalJson(full) !== canonicalJson(args.inputJson);
  if (redacted && !context.content) {
    throw new BackspaceError('invalid_config', `${args.name} cannot be held: its input has sensitive fields, which stay out of the journal unless content protection (content: { mode, keys }) seals them until the release; nothing was sent`, { details: { rule: args.policy.rule } });
  }
  const deferredId = randomUUID();
  await context.append({
    ...args.base,
    actionId: deferredId,
    resource: args.target,
    type: 'action.deferred',
    data: {
      input: args.inputJson,
      ...(redacted ? { held: full } : {}),
      inputHash: args.hash,
      providerKey: args.sentKey,
      reversibility: args.reversibility,
      rule: args.policy.rule ?? null,
      reason: args.policy.reason ?? null,
      reasoning: args.options.reasoning ?? null,
      confidence: args.options.confidence ?? null,
      valueAtRisk: args.options.valueAtRisk ?? null,
      policy: { ...args.policy },
    },
  });
  await withdrawIfKilled(context, args, deferredId);
  return deferredResult(args.name, String(args.base.sessionId), deferredId, 'held');
}

/**
 * The kill switch read again from the journal once the held call is in it, as before a write: a kill
 * journaled before it (one that came while policy ran) may have rolled the session back already, and
 * its drop of held calls could not see this one, which a later release would then send (a refund for a
 * session rolled back). The agent withdraws it (`action.failed`, `withdrawn`: never to be sent) and is
 * told it was killed. A kill journaled after it drops it as a rollback does any held call.
 */
async function withdrawIfKilled(context: RuntimeContext, args: DeferArgs, deferredId: string): Promise<void> {
  const kill = await context.killSwitch.check(String(args.base.agentId), String(args.base.sessionId), true);
  if (!kill) return;
  const message = `${args.name} not held: ${describeKill(kill)} came as it was held; it will never be sent`;
  await context.append({ ...args.base, actionId: deferredId, resource: args.target, type: 'action.failed', data: { error: { code: 'killed', message }, killed: true, withdrawn: true } });
  throw new BackspaceError('killed', message, { details: { scope: kill.scope } });
}

export function deferredResult(action: string, sessionId: string, deferredId: string, status: DeferredStatus): DeferredResult {
  const messages: Record<DeferredStatus, string> = {
    held: `${action} is held in the session's outbox, not sent: it is sent once a person commits the session (backspace release ${sessionId}) or the session passes its audit, and dropped if the session is rolled back first. Do not call it again; go on as if it is pending.`,
    sent: `${action} was held, then released and sent.`,
    failed: `${action} was held and released, but the provider refused it; a person can release it again.`,
    dropped: `${action} was held and then dropped by a rollback of the session: it was never sent and will not be.`,
  };
  return { deferred: true, status, deferredId, action, sessionId, message: messages[status] };
}

/** One deferral as the journal holds it: the entry, and whether it was released, sent, failed or dropped. */
export interface DeferralRecord {
  entry: JournalEntry;
  released: JournalEntry | null;
  dropped: JournalEntry | null;
  /** The release's intents (several only after a refused send released again) and their outcomes. */
  intents: JournalEntry[];
  outcome: JournalEntry | null;
}

/** The session's deferrals, from its entries in append order (trusted ones only, when the caller filtered). */
export function deferralsOf(entries: JournalEntry[]): DeferralRecord[] {
  const byId = new Map<string, DeferralRecord>();
  const byIntent = new Map<string, DeferralRecord>();
  for (const entry of entries) {
    if (entry.type === 'action.deferred') byId.set(entry.actionId!, { entry, released: null, dropped: null, intents: [], outcome: null });
    else if (entry.type === 'deferred.released') {
      const record = byId.get(entry.actionId!);
      if (record) record.released ??= entry;
    } else if (entry.type === 'deferred.dropped' || (entry.type === 'action.failed' && byId.has(entry.actionId!))) {
      // Dropped by a rollback, or withdrawn by its agent when a kill came as it was held (withdrawIfKilled).
      const record = byId.get(entry.actionId!);
      if (record) record.dropped ??= entry;
    } else if (entry.type === 'action.intent') {
      const deferredId = (entry.data as { deferredId?: unknown }).deferredId;
      const record = typeof deferredId === 'string' ? byId.get(deferredId) : undefined;
      if (record) {
        record.intents.push(entry);
        byIntent.set(entry.actionId!, record);
      }
    } else if (entry.type === 'action.committed' || entry.type === 'action.failed' || entry.type === 'action.unknown') {
      const record = byIntent.get(entry.actionId!);
      if (record && record.intents.at(-1)?.actionId === entry.actionId) record.outcome = entry;
    }
  }
  return [...byId.values()];
}

/** Where a deferral stands: dropped only when nothing was ever sent for it. */
export function statusOf(record: DeferralRecord): DeferredStatus | 'sending' {
  if (record.outcome?.type === 'action.committed') return 'sent';
  // Sent, and its outcome not yet known: it may have landed, so it is never dropped.
  if (record.intents.length > 0 && (!record.outcome || record.outcome.type === 'action.unknown')) return 'sending';
  if (record.dropped) return 'dropped';
  // A send the provider refused landed nothing: it may be released again, or dropped.
  return record.intents.length > 0 ? 'failed' : 'held';
}

/**
 * A call again with a key the session already held a call under: the same call answers where it stands
 * (a held or dropped call is not held twice, nor sent); another call under that key is a conflict.
 * Null when the key held nothing, or what it held was sent (the recorded result replays as usual).
 */
export function heldUnderKey(keyed: JournalEntry[], hash: string, name: string, key: string): DeferredResult | null {
  const record = deferralsOf(keyed).at(-1);
  if (!record) return null;
  const data = record.entry.data as { inputHash?: unknown };
  if (data.inputHash !== hash || record.entry.action !== name) {
    throw new BackspaceError('idempotency_conflict', `idempotency key "${key}" was already used for ${record.entry.action === name ? 'other input' : String(record.entry.action)} (held in the outbox); use a new key for a new call`, { details: { idempotencyKey: key } });
  }
  const status = statusOf(record);
  if (status === 'sent') return null;
  return deferredResult(name, String(record.entry.sessionId), record.entry.actionId!, status === 'sending' ? 'held' : status);
}
