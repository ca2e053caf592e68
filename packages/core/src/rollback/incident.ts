// Incidents: every session of one or more agents in a time window, or sharing a correlation id, planned
// and rolled back as one (newest first across sessions, one report).
import type { JournalStore, SessionSummary } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';

export interface IncidentScope {
  /** Agents whose sessions are in the incident (any of them). */
  agents?: string[];
  /** These sessions, by id (a supervisor's finding names them); the other fields narrow them further. */
  sessions?: string[];
  /** Sessions sharing this correlation id. */
  correlationId?: string;
  /** ISO time: sessions started at or after it. */
  since?: string;
  /** ISO time: sessions started before it. */
  until?: string;
}

/**
 * The incident's sessions, newest first. An incident naming no agent, no session and no correlation id
 * is refused; so is a session named that the journal does not hold, when nothing else (agents, a
 * window) narrows the incident: with them, a named session outside them is only left out.
 */
export async function incidentSessions(journal: JournalStore, scope: IncidentScope): Promise<SessionSummary[]> {
  const agents = scope?.agents ?? [];
  if (!Array.isArray(agents) || agents.some((agent) => typeof agent !== 'string' || agent.length === 0)) throw new BackspaceError('invalid_input', 'an incident names its agents as a list of non-empty ids');
  const named = scope.sessions;
  if (named !== undefined && (!Array.isArray(named) || named.length === 0 || named.some((id) => typeof id !== 'string' || id.length === 0))) throw new BackspaceError('invalid_input', 'an incident names its sessions as a non-empty list of session ids');
  if (agents.length === 0 && !scope.correlationId && !named) {
    throw new BackspaceError('invalid_input', 'an incident needs its agents, its sessions or a correlation id (and may narrow them to a time window): a window alone would take in every agent');
  }
  for (const [name, value] of [['since', scope.since], ['until', scope.until]] as const) {
    if (value !== undefined && Number.isNaN(Date.parse(value))) throw new BackspaceError('invalid_input', `incident ${name} must be an ISO time, got ${JSON.stringify(value)}`);
  }
  const window = { ...(scope.since ? { since: scope.since } : {}), ...(scope.until ? { until: scope.until } : {}) };
  const found = agents.length > 0 ? (await Promise.all(agents.map((agentId) => journal.sessions({ agentId, ...window })))).flat() : await journal.sessions(window);
  if (named) {
    const known = new Set(found.map((session) => session.id));
    const missing = named.filter((id) => !known.has(id));
    if (missing.length > 0 && agents.length === 0 && !scope.since && !scope.until) throw new BackspaceError('session_not_found', `no session ${missing.join(', ')} in the journal`, { details: { sessions: missing } });
  }
  const sessions = [...new Map(found.map((session) => [session.id, session])).values()].filter((session) => (!scope.correlationId || session.correlationId === scope.correlationId) && (!named || named.includes(session.id)));
  if (sessions.length === 0) {
    throw new BackspaceError('session_not_found', `no session matches the incident (${describeIncident(scope)})`, { details: { incident: { ...scope } } });
  }
  return sessions.sort((left, right) => Date.parse(right.startedAt) - Date.parse(left.startedAt));
}

/** The incident in words, for errors and reports. */
export function describeIncident(scope: IncidentScope): string {
  const parts: string[] = [];
  if (scope.agents?.length) parts.push(`${scope.agents.length === 1 ? 'agent' : 'agents'} ${scope.agents.join(', ')}`);
  if (scope.sessions?.length) parts.push(`${scope.sessions.length === 1 ? 'session' : 'sessions'} ${scope.sessions.join(', ')}`);
  if (scope.correlationId) parts.push(`correlation id ${scope.correlationId}`);
  if (scope.since) parts.push(`since ${scope.since}`);
  if (scope.until) parts.push(`until ${scope.until}`);
  return parts.join(', ');
}
