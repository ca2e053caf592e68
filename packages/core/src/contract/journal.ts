// The journal store contract: append-only, hash-chained, shared by every process that uses it.
import type { Json } from './json.js';

export const ENTRY_TYPES = [
  'session.started',
  'session.ended',
  'action.rejected',
  'action.blocked',
  'action.awaiting-approval',
  'action.intent',
  'action.committed',
  'action.failed',
  'action.unknown',
  'approval.granted',
  'approval.denied',
  'kill',
  'resume',
  'rollback.started',
  'rollback.finished',
  'compensation.intent',
  'compensation.committed',
  'compensation.failed',
  // The supervisor's record: one audit per action it audited (sampled or not), what it found, what it
  // did about it (kill, rollback report), and a person's word that a finding was a false alarm.
  'supervisor.audit',
  'supervisor.finding',
  'supervisor.response',
  'supervisor.false-alarm',
  // Deferred effects: an action held in the session's outbox instead of sent, then released (sent
  // through the normal write path, its intent naming the deferral) or dropped by a rollback.
  'action.deferred',
  'deferred.released',
  'deferred.dropped',
] as const;

export type EntryType = (typeof ENTRY_TYPES)[number];

export interface NewEntry {
  type: EntryType;
  sessionId?: string | null;
  agentId?: string | null;
  /** Groups an action's intent and outcome (and its compensation's entries). */
  actionId?: string | null;
  /** Action name, e.g. `github.issue.create`. */
  action?: string | null;
  idempotencyKey?: string | null;
  /** `resourceKey()` of the resource touched. */
  resource?: string | null;
  correlationId?: string | null;
  /** ISO time; the store's clock when absent. */
  at?: string;
  data: Json;
}

export interface JournalEntry {
  seq: number;
  id: string;
  at: string;
  type: EntryType;
  sessionId: string | null;
  agentId: string | null;
  actionId: string | null;
  action: string | null;
  idempotencyKey: string | null;
  resource: string | null;
  correlationId: string | null;
  data: Json;
  prevHash: string;
  hash: string;
}

/** An entry as planning reads it: its identity, and for `action.committed` its compensation. */
export interface PlanRecord {
  seq: number;
  at: string;
  type: EntryType;
  actionId: string | null;
  action: string | null;
  idempotencyKey: string | null;
  resource: string | null;
  compensation: Json | null;
}

export interface SessionSummary {
  id: string;
  agentId: string;
  reason: string | null;
  correlationId: string | null;
  startedAt: string;
  endedAt: string | null;
  actions: number;
}

export interface SessionFilter {
  agentId?: string;
  /** ISO time: sessions started at or after it. */
  since?: string;
  /** ISO time: sessions started before it. */
  until?: string;
}

/** Where a session stands: still running, ended, or rolled back (a rollback of it finished). */
export type SessionStatus = 'running' | 'ended' | 'rolled-back';

/** One page of the session list, newest first, with filters an operator narrows an incident by. */
export interface SessionQuery extends SessionFilter {
  status?: SessionStatus;
  /** Only sessions with a committed action on this provider (`github`, `slack`, ...). */
  provider?: string;
  /** Only sessions whose latest rollback left conflicts in place (true), or none (false). */
  hasConflicts?: boolean;
  /** Sessions a page holds (1 to 500). */
  limit: number;
  /** The `next` of the page before: sessions started before that page's last. */
  before?: string;
}

export interface SessionListing extends SessionSummary {
  status: SessionStatus;
  /** Providers of its committed actions, sorted. */
  providers: string[];
  /** Conflicts its latest rollback left in place (0 when never rolled back). */
  conflicts: number;
}

export interface SessionPage {
  sessions: SessionListing[];
  /** Pass as `before` for the next (older) page; null on the last page. */
  next: string | null;
}

export type VerifyReport =
  | { ok: true; entries: number; unusedSeqs?: UnusedSeqs }
  | { ok: false; entries: number; firstBad: { seq: number; reason: string } };

/**
 * Numbers below the newest entry's that no entry holds, in a store whose chains share seq (PostgreSQL).
 * An append still in flight when verify read the journal leaves one, and so does an append that failed
 * after taking its number; but so does an entry removed from the end of its chain, which no link can
 * show. Each is worth a look.
 */
export interface UnusedSeqs {
  count: number;
  /** The lowest of them, at most ten. */
  first: number[];
}

/** A held rollback lock. */
export interface RollbackLock {
  release(): Promise<void>;
}

export interface JournalStore {
  /** `sqlite`, `postgres`, ... */
  readonly kind: string;
  /** Appends one entry at the end of its chain (a store may keep several); durable when the promise resolves. */
  append(entry: NewEntry): Promise<JournalEntry>;
  sessions(filter?: SessionFilter): Promise<SessionSummary[]>;
  /**
   * Optional: one page of sessions, newest first, filtered in the store with indexed queries, so the
   * command center lists a journal of 100,000 actions at once. `listSessionPage` falls back to
   * `sessions` and `sessionEntries` for a store without it.
   */
  sessionPage?(query: SessionQuery): Promise<SessionPage>;
  /** Entries of one session in append order. */
  sessionEntries(sessionId: string): Promise<JournalEntry[]>;
  /**
   * Optional: what planning needs of a session's entries, page by page and without the bulky payloads
   * (only a committed action's compensation), so a 100,000-action session plans in bounded time and
   * memory. The planner uses it when present, `sessionEntries` otherwise.
   */
  sessionPlanPages?(sessionId: string): AsyncIterable<PlanRecord[]>;
  /** Entries that touched one resource (`resourceKey()`), in append order. */
  resourceEntries(resource: string): Promise<JournalEntry[]>;
  /** Entries carrying one idempotency key, in append order. */
  keyEntries(idempotencyKey: string): Promise<JournalEntry[]>;
  /**
   * Entries of the given types with seq greater than `afterSeq`, in append order (kill switch, approvals,
   * session ends). Readers keep the highest seq they saw as their next `afterSeq`, so an answer must hold
   * a whole prefix: no entry with a lower seq may commit after it (a store that numbers appends before
   * they commit waits for those in flight, as the PostgreSQL journal does).
   */
  entriesOfType(types: EntryType[], afterSeq?: number): Promise<JournalEntry[]>;
  /** Walks the hash chains and names the first edited, removed or reordered entry. */
  verify(): Promise<VerifyReport>;
  /**
   * Optional push for the kill switch: calls `listener` soon after any process appends a `kill` or
   * `resume` entry (PostgreSQL LISTEN/NOTIFY). Without it the runtime polls. Returns an unsubscribe.
   */
  onControlEntry?(listener: () => void): () => void;
  /**
   * One rollback per session at a time, across processes and hosts: takes the session's rollback lock
   * for `holder`, or gives null while another engine holds it. The lock lasts until released or until
   * its holder is gone (its database connection closed, its process died or stopped renewing), so a
   * crashed engine's rollback can be resumed at once. The runtime also keeps a per-process lock, so a
   * store without this method is safe only when one process rolls back.
   */
  lockRollback?(sessionId: string, holder: string): Promise<RollbackLock | null>;
  close(): Promise<void>;
}
