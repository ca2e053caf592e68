// What an audit looks at: one committed action as the journal holds it (input, reasoning, pre- and
// post-state, value at risk) and what its session had done up to it.
import type { Json, JournalEntry, JournalStore } from '@backspace/core';

export interface EarlierAction {
  actionId: string;
  action: string;
  input: Json;
  resource: string | null;
}

export interface AuditSubject {
  actionId: string;
  /** `github.issue.create` */
  action: string;
  provider: string;
  sessionId: string;
  agentId: string;
  correlationId: string | null;
  resource: string | null;
  reversibility: string | null;
  /** As journaled: sensitive fields are redacted. */
  input: Json;
  result: Json;
  reasoning: string | null;
  confidence: number | null;
  valueAtRisk: number | null;
  pre: Json;
  post: Json;
  committedAt: string;
  /** The committed entry's seq. */
  seq: number;
  /** The session's committed actions before this one, oldest first. */
  earlier: EarlierAction[];
  /** Distinct resources the session had touched up to and with this action. */
  resourcesTouched: number;
}

/** A committed action waiting for its audit. */
export interface AuditJob {
  actionId: string;
  sessionId: string;
  agentId: string;
  action: string;
  seq: number;
  /** When its audit falls due (ms on the supervisor's clock). */
  dueAt: number;
  /** A call the session held (`action.deferred`): audited before it is sent, and released if it passes. */
  deferred?: boolean;
}

/**
 * The audit of a journaled action, due `auditDelayMs` after it was committed, or after `readAt` (when
 * the supervisor read it) if the entry's time is later: the time is what the agent's runtime stamped,
 * and an agent host whose clock runs ahead would otherwise put its audits off as far as it likes.
 */
export function jobOf(entry: JournalEntry, auditDelayMs: number, readAt = Infinity): AuditJob {
  const at = Date.parse(entry.at);
  return {
    actionId: entry.actionId!,
    sessionId: entry.sessionId!,
    agentId: entry.agentId ?? '',
    action: entry.action ?? '',
    seq: entry.seq,
    dueAt: (Number.isNaN(at) ? readAt : Math.min(at, readAt)) + auditDelayMs,
    ...(entry.type === 'action.deferred' ? { deferred: true } : {}),
  };
}

/**
 * Loads the subject of one audit from the session's entries. A held call is its own subject: its input
 * and reasoning as the deferral recorded them, with no result or post-state, since nothing was sent.
 */
export function subjectFrom(entries: JournalEntry[], job: AuditJob): AuditSubject | null {
  const audited = job.deferred ? 'action.deferred' : 'action.committed';
  const committed = entries.find((entry) => entry.type === audited && entry.actionId === job.actionId);
  if (!committed) return null;
  const intents = new Map(entries.filter((entry) => entry.type === 'action.intent').map((entry) => [entry.actionId!, entry]));
  const intentData = ((job.deferred ? committed.data : intents.get(job.actionId)?.data) ?? {}) as Record<string, Json>;
  const committedData = committed.data as Record<string, Json>;
  const earlier: EarlierAction[] = [];
  const resources = new Set<string>();
  for (const entry of entries) {
    if (entry.type !== 'action.committed' || entry.seq > committed.seq) continue;
    if (entry.resource) resources.add(entry.resource);
    if (entry.seq === committed.seq) continue;
    const input = ((intents.get(entry.actionId!)?.data ?? {}) as Record<string, Json>).input ?? null;
    earlier.push({ actionId: entry.actionId!, action: entry.action ?? '', input, resource: entry.resource });
  }
  const action = committed.action ?? '';
  return {
    actionId: job.actionId,
    action,
    provider: action.slice(0, action.indexOf('.')),
    sessionId: committed.sessionId!,
    agentId: committed.agentId ?? '',
    correlationId: committed.correlationId,
    resource: committed.resource,
    reversibility: typeof committedData.reversibility === 'string' ? committedData.reversibility : typeof intentData.reversibility === 'string' ? intentData.reversibility : null,
    input: intentData.input ?? null,
    result: committedData.result ?? null,
    reasoning: typeof intentData.reasoning === 'string' ? intentData.reasoning : null,
    confidence: typeof intentData.confidence === 'number' ? intentData.confidence : null,
    valueAtRisk: typeof intentData.valueAtRisk === 'number' ? intentData.valueAtRisk : null,
    pre: intentData.pre ?? null,
    post: committedData.post ?? null,
    committedAt: committed.at,
    seq: committed.seq,
    earlier,
    resourcesTouched: resources.size,
  };
}

/**
 * Sessions' entries read once for many audits: a session is read again only when an audit needs an
 * entry newer than the copy (its agent kept working).
 */
export class SessionEntriesCache {
  private readonly sessions = new Map<string, JournalEntry[]>();

  constructor(
    private readonly journal: JournalStore,
    private readonly max = 64,
  ) {}

  async subject(job: AuditJob): Promise<AuditSubject | null> {
    let entries = this.sessions.get(job.sessionId);
    if (!entries || (entries.at(-1)?.seq ?? 0) < job.seq) {
      entries = await this.journal.sessionEntries(job.sessionId);
      this.sessions.delete(job.sessionId);
      if (this.sessions.size >= this.max) this.sessions.delete(this.sessions.keys().next().value!);
      this.sessions.set(job.sessionId, entries);
    }
    return subjectFrom(entries, job);
  }
}
