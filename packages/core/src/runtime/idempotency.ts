// Reads an idempotency key's history from the journal and decides what a new call with it may do.
import { createHash } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { canonicalJson } from '../journal/hash-chain.js';

export function inputHash(action: string, input: Json): string {
  return createHash('sha256').update(action).update('\n').update(canonicalJson(input)).digest('hex');
}

/**
 * The key a write carries to the provider (a native id, a marker): a caller's key (a tool call id)
 * scoped to its session, so the same key in another session is another call, written and found again
 * by its own key. Keys the runtime derives already name their session.
 */
export function providerKey(sessionId: string, key: string, derived: boolean): string {
  return derived ? key : `${sessionId}:call:${key}`;
}

/** The provider key an intent recorded; an intent written before keys were scoped carried its journal key. */
export function providerKeyOf(intent: JournalEntry, data: { providerKey?: unknown }): string {
  return typeof data.providerKey === 'string' ? data.providerKey : (intent.idempotencyKey ?? '');
}

/** A key's history within one session: what another session did with the same key is another call. */
export function sessionEntries(entries: JournalEntry[], sessionId: string): JournalEntry[] {
  return entries.filter((entry) => entry.sessionId === sessionId);
}

export type KeyState =
  | { kind: 'new' }
  | { kind: 'conflict'; recordedAction: string | null }
  | { kind: 'committed'; entry: JournalEntry }
  /** The last attempt failed before reaching the provider: a new attempt may run. */
  | { kind: 'retry-after-failure' }
  /** An intent with no outcome, or an `unknown` outcome: look for the write by its key first. */
  | { kind: 'unresolved'; intent: JournalEntry; lastEntry: JournalEntry }
  | { kind: 'awaiting-approval'; request: JournalEntry; decision: JournalEntry | null };

const OUTCOMES = new Set(['action.committed', 'action.failed', 'action.unknown']);

export function keyState(entries: JournalEntry[], hash: string, action: string): KeyState {
  const attempts = entries.filter((entry) => entry.type === 'action.intent' || entry.type === 'action.awaiting-approval');
  const first = attempts[0];
  if (!first) return { kind: 'new' };
  const recorded = (first.data as { inputHash?: string }).inputHash;
  if (recorded !== hash || first.action !== action) return { kind: 'conflict', recordedAction: first.action };

  const last = entries[entries.length - 1] as JournalEntry;
  const lastIntent = [...entries].reverse().find((entry) => entry.type === 'action.intent');
  const lastRequest = [...entries].reverse().find((entry) => entry.type === 'action.awaiting-approval');
  if (lastRequest && (!lastIntent || lastRequest.seq > lastIntent.seq)) {
    const decision = entries.find(
      (entry) => (entry.type === 'approval.granted' || entry.type === 'approval.denied') && entry.actionId === lastRequest.actionId,
    );
    return { kind: 'awaiting-approval', request: lastRequest, decision: decision ?? null };
  }
  if (!lastIntent) return { kind: 'new' };
  const outcome = [...entries].reverse().find((entry) => OUTCOMES.has(entry.type) && entry.actionId === lastIntent.actionId);
  if (!outcome || outcome.type === 'action.unknown') return { kind: 'unresolved', intent: lastIntent, lastEntry: outcome ?? last };
  if (outcome.type === 'action.committed') return { kind: 'committed', entry: outcome };
  return { kind: 'retry-after-failure' };
}
