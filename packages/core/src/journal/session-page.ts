// The session list an operator pages through, newest first: the store's indexed query where it has one,
// else the same answer built from `sessions` and `sessionEntries` (slow on a large journal, but right).
import type { JournalEntry, JournalStore, SessionListing, SessionPage, SessionQuery, SessionStatus } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';

export const MAX_SESSION_PAGE = 500;
const STATUSES: SessionStatus[] = ['running', 'ended', 'rolled-back'];

/** The query checked: a bad limit, status, time or cursor is `invalid_input`, never a silent full scan. */
export function validSessionQuery(query: SessionQuery): SessionQuery {
  if (!Number.isInteger(query.limit) || query.limit < 1 || query.limit > MAX_SESSION_PAGE) {
    throw new BackspaceError('invalid_input', `a session page holds 1 to ${MAX_SESSION_PAGE} sessions, got ${JSON.stringify(query.limit)}`);
  }
  if (query.status !== undefined && !STATUSES.includes(query.status)) throw new BackspaceError('invalid_input', `session status is one of ${STATUSES.join(', ')}, got ${JSON.stringify(query.status)}`);
  for (const [name, value] of [['since', query.since], ['until', query.until]] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw new BackspaceError('invalid_input', `${name} must be an ISO time, got ${JSON.stringify(value)}`);
  }
  if (query.before !== undefined) sessionCursor(query.before);
  if (query.provider !== undefined && !/^[a-z0-9-]+$/.test(query.provider)) throw new BackspaceError('invalid_input', `a provider is named in lower case (github, slack, ...), got ${JSON.stringify(query.provider)}`);
  return query;
}

/** The seq a page cursor carries (the last listed session's `session.started`). */
export function sessionCursor(before: string): number {
  const seq = Number(before);
  if (!/^\d+$/.test(before) || !Number.isSafeInteger(seq)) throw new BackspaceError('invalid_input', `not a session page cursor: ${JSON.stringify(before)}`);
  return seq;
}

/** The provider of an action name: `github.issue.create` is GitHub's. */
export const providerOfAction = (action: string): string => action.split('.', 1)[0]!;

/** Conflicts a `rollback.finished` entry reports for its session. */
export function conflictsOf(entry: JournalEntry): number {
  const byOutcome = (entry.data as { byOutcome?: { conflict?: unknown } } | null)?.byOutcome;
  return typeof byOutcome?.conflict === 'number' ? byOutcome.conflict : 0;
}

/** One page of sessions, newest first: the store's own query when it has one. */
export async function listSessionPage(journal: JournalStore, query: SessionQuery): Promise<SessionPage> {
  const valid = validSessionQuery(query);
  if (journal.sessionPage) return journal.sessionPage(valid);
  return fallbackPage(journal, valid);
}

async function fallbackPage(journal: JournalStore, query: SessionQuery): Promise<SessionPage> {
  const started = await journal.entriesOfType(['session.started']);
  const seqOf = new Map(started.map((entry) => [entry.sessionId, entry.seq]));
  const before = query.before === undefined ? Infinity : sessionCursor(query.before);
  const summaries = (await journal.sessions({ ...(query.agentId ? { agentId: query.agentId } : {}), ...(query.since ? { since: query.since } : {}), ...(query.until ? { until: query.until } : {}) }))
    .filter((summary) => (seqOf.get(summary.id) ?? 0) < before)
    .sort((left, right) => (seqOf.get(right.id) ?? 0) - (seqOf.get(left.id) ?? 0));
  const sessions: SessionListing[] = [];
  let next: string | null = null;
  for (const summary of summaries) {
    const entries = await journal.sessionEntries(summary.id);
    const rollbacks = entries.filter((entry) => entry.type === 'rollback.finished');
    const providers = [...new Set(entries.filter((entry) => entry.type === 'action.committed' && entry.action).map((entry) => providerOfAction(entry.action!)))].sort();
    const listing: SessionListing = {
      ...summary,
      status: rollbacks.length > 0 ? 'rolled-back' : summary.endedAt ? 'ended' : 'running',
      providers,
      conflicts: rollbacks.length > 0 ? conflictsOf(rollbacks[rollbacks.length - 1]!) : 0,
    };
    if (query.status && listing.status !== query.status) continue;
    if (query.provider && !providers.includes(query.provider)) continue;
    if (query.hasConflicts !== undefined && query.hasConflicts !== listing.conflicts > 0) continue;
    if (sessions.length === query.limit) {
      next = String(seqOf.get(sessions[sessions.length - 1]!.id));
      break;
    }
    sessions.push(listing);
  }
  return { sessions, next };
}
