// A session's story as an operator replays it: each action with its intent and outcome folded together
// (reasoning, confidence, redacted input, result, pre-state and what the agent left, the inverse staged,
// approvals asked and given, and what a rollback did to it), between session, kill and rollback markers.
import type { Json, Snapshot } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { openData, type ContentProtection } from './sealing.js';

/** `held`: deferred to the session's outbox (its send, once released, is an action of its own); `dropped`: by a rollback, never sent. */
export type ActionOutcome = 'in flight' | 'committed' | 'failed' | 'unknown' | 'rejected' | 'blocked' | 'awaiting approval' | 'approved' | 'denied' | 'held' | 'released' | 'dropped';

export interface TimelineAction {
  kind: 'action';
  seq: number;
  at: string;
  actionId: string;
  action: string;
  /** `resourceKey()` of what it touched, when known. */
  resource: string | null;
  outcome: ActionOutcome;
  reasoning: string | null;
  confidence: number | null;
  /** As journaled: sensitive fields already redacted. */
  input: Json | null;
  result: Json | null;
  /** The state before the write, and the state the agent left. */
  pre: Snapshot | null;
  post: Snapshot | null;
  reversibility: string | null;
  /** The inverse in words (the final one when committed, else the one staged). */
  inverse: string | null;
  /** Why it was blocked, rejected or held, or the error it failed with. */
  reason: string | null;
  /** Approval asked (rule) and the decisions on it. */
  approval: { rule: string; decisions: { decision: 'granted' | 'denied'; by: string; at: string; note: string | null }[] } | null;
  /** What rollbacks did to it: the last compensation's outcome. */
  undo: { outcome: 'running' | 'compensated' | 'failed'; verified: boolean; at: string; error: string | null } | null;
}

export interface TimelineEvent {
  kind: 'event';
  seq: number;
  at: string;
  type: 'session.started' | 'session.ended' | 'kill' | 'resume' | 'rollback.started' | 'rollback.finished';
  /** What happened, in words. */
  text: string;
}

export type TimelineItem = TimelineAction | TimelineEvent;

const OUTCOMES: Partial<Record<string, ActionOutcome>> = {
  'action.intent': 'in flight',
  'action.committed': 'committed',
  'action.failed': 'failed',
  'action.unknown': 'unknown',
  'action.rejected': 'rejected',
  'action.blocked': 'blocked',
  'action.awaiting-approval': 'awaiting approval',
  'action.deferred': 'held',
};

type Data = Record<string, Json | undefined>;

const text = (value: Json | undefined): string | null => (typeof value === 'string' ? value : null);
const snapshot = (value: Json | undefined): Snapshot | null => (typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Snapshot) : null);
const describedInverse = (value: Json | undefined): string | null => text(snapshot(value)?.description);
const errorText = (value: Json | undefined): string | null => text(snapshot(value)?.message) ?? text(value);

/** The session's entries (append order) as timeline items; sealed content opens with `content`. */
export function sessionTimeline(entries: JournalEntry[], content: ContentProtection | null = null): TimelineItem[] {
  const items: TimelineItem[] = [];
  const actions = new Map<string, TimelineAction>();
  for (const entry of entries) {
    const data = (snapshot(openData(entry.data, entry.type, content)) ?? {}) as Data;
    const event = eventText(entry, data);
    if (event !== null) {
      items.push({ kind: 'event', seq: entry.seq, at: entry.at, type: entry.type as TimelineEvent['type'], text: event });
      continue;
    }
    if (!entry.actionId) continue;
    let item = actions.get(entry.actionId);
    if (!item && OUTCOMES[entry.type]) {
      item = newAction(entry, data);
      actions.set(entry.actionId, item);
      items.push(item);
    }
    if (item) fold(item, entry, data);
  }
  return items;
}

function newAction(entry: JournalEntry, data: Data): TimelineAction {
  return {
    kind: 'action',
    seq: entry.seq,
    at: entry.at,
    actionId: entry.actionId!,
    action: entry.action ?? entry.type,
    resource: entry.resource,
    outcome: OUTCOMES[entry.type]!,
    reasoning: text(data.reasoning),
    confidence: typeof data.confidence === 'number' ? data.confidence : null,
    input: data.input ?? null,
    result: null,
    pre: null,
    post: null,
    reversibility: text(data.reversibility),
    inverse: null,
    reason: null,
    approval: null,
    undo: null,
  };
}

function fold(item: TimelineAction, entry: JournalEntry, data: Data): void {
  item.resource ??= entry.resource;
  switch (entry.type) {
    case 'action.intent':
      item.pre = snapshot(data.pre);
      item.inverse = describedInverse(data.staged) ?? (typeof data.stagingError === 'string' ? `not staged before the write: ${data.stagingError}` : null);
      item.outcome = 'in flight';
      return;
    case 'action.committed':
      item.outcome = 'committed';
      item.result = data.result ?? null;
      item.post = snapshot(data.post);
      item.inverse = describedInverse(data.compensation) ?? (data.compensation === null ? 'none: irreversible' : item.inverse);
      return;
    case 'action.awaiting-approval':
      item.approval = { rule: text(data.rule) ?? 'approval', decisions: [] };
      item.reason = text(data.reason);
      return;
    case 'approval.granted':
    case 'approval.denied': {
      const decision = entry.type === 'approval.granted' ? 'granted' : 'denied';
      item.approval?.decisions.push({ decision, by: text(data.by) ?? 'unknown', at: entry.at, note: text(data.note) ?? text(data.reason) });
      item.outcome = decision === 'granted' ? 'approved' : 'denied';
      return;
    }
    case 'action.deferred':
      item.reason = text(data.reason);
      return;
    case 'deferred.released':
      item.outcome = 'released';
      item.reason = `released by ${text(data.by) ?? 'unknown'} (${text(data.trigger) === 'audit' ? 'its audit passed' : 'the session was committed'})`;
      return;
    case 'deferred.dropped':
      item.outcome = 'dropped';
      item.reason = `dropped, never sent: ${text(data.reason) ?? 'rolled back'}`;
      return;
    case 'compensation.intent':
      item.undo = { outcome: 'running', verified: false, at: entry.at, error: null };
      return;
    case 'compensation.committed':
      item.undo = { outcome: 'compensated', verified: data.verified === true, at: entry.at, error: null };
      return;
    case 'compensation.failed':
      item.undo = { outcome: 'failed', verified: false, at: entry.at, error: errorText(data.error) };
      return;
    default:
      if (OUTCOMES[entry.type]) item.outcome = OUTCOMES[entry.type]!;
      item.reason = errorText(data.error) ?? text(data.reason) ?? item.reason;
  }
}

/** Markers between actions, in words; null for an action's own entries. */
function eventText(entry: JournalEntry, data: Data): string | null {
  switch (entry.type) {
    case 'session.started':
      return `session started by agent ${entry.agentId ?? 'unknown'}${text(data.reason) ? `: ${text(data.reason)}` : ''}`;
    case 'session.ended':
      return text(data.endedBy) ? `session ended by ${text(data.endedBy)}${text(data.reason) ? `: ${text(data.reason)}` : ''}` : 'session ended by its agent';
    case 'kill':
      return `killed by ${text(data.by) ?? 'unknown'}: ${text(data.reason) ?? 'no reason given'}`;
    case 'resume':
      return `resumed by ${text(data.by) ?? 'unknown'}`;
    case 'rollback.started':
      return `rollback started (${typeof data.steps === 'number' ? data.steps : '?'} steps${data.force === true ? ', forced' : ''})`;
    case 'rollback.finished': {
      const byOutcome = snapshot(data.byOutcome) ?? {};
      const counts = Object.entries(byOutcome).filter(([, count]) => typeof count === 'number' && count > 0).map(([outcome, count]) => `${count} ${outcome}`);
      return `rollback finished: ${counts.join(', ') || 'nothing to do'}`;
    }
    // What the supervisor found and did; an audit that passed says nothing.
    case 'supervisor.finding':
      return `supervisor finding ${(text(data.findingId) ?? '').slice(0, 8)} (${text(data.trigger) ?? '?'}, ${text(data.verdict) ?? '?'}): ${text(data.summary) ?? ''}`;
    case 'supervisor.response': {
      const response = snapshot(data.response) ?? {};
      return `supervisor answered finding ${(text(data.findingId) ?? '').slice(0, 8)}: ${text(response.kind) ?? 'notify'}`;
    }
    case 'supervisor.false-alarm':
      return `finding ${(text(data.findingId) ?? '').slice(0, 8)} marked a false alarm by ${text(data.by) ?? 'unknown'}: ${text(data.reason) ?? ''}`;
    default:
      return null;
  }
}
