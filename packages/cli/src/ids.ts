// Sessions and actions named as git names commits: the whole id, or an unambiguous prefix of it.
import { BackspaceError, type EntryType, type JournalStore, type SessionSummary } from '@backspace/core';

/** A prefix shorter than this names nothing: one or two characters match too much by chance. */
export const SHORTEST_PREFIX = 4;

const ACTION_ENTRY_TYPES: EntryType[] = ['action.intent', 'action.rejected', 'action.blocked', 'action.awaiting-approval'];

/** The session `given` names (its id or a prefix), or null when none does; ambiguous prefixes are errors. */
export async function findSession(journal: JournalStore, given: string): Promise<SessionSummary | null> {
  const sessions = await journal.sessions();
  const exact = sessions.find((session) => session.id === given);
  if (exact) return exact;
  if (given.length < SHORTEST_PREFIX) return null;
  const matching = sessions.filter((session) => session.id.startsWith(given));
  if (matching.length > 1) {
    throw ambiguous('session', given, matching.map((session) => `${session.id} (${session.agentId}, started ${session.startedAt})`));
  }
  return matching[0] ?? null;
}

/** The full id of the session `given` names; no match is `session_not_found`. */
export async function resolveSessionId(journal: JournalStore, given: string): Promise<string> {
  const session = await findSession(journal, given);
  if (!session) throw new BackspaceError('session_not_found', `no session ${given} in the journal`, { details: { sessionId: given } });
  return session.id;
}

export interface FoundAction {
  actionId: string;
  sessionId: string | null;
  action: string | null;
}

/** The action `given` names (its id or a prefix), or null; ambiguous prefixes are errors. */
export async function findAction(journal: JournalStore, given: string): Promise<FoundAction | null> {
  if (given.length < SHORTEST_PREFIX) return null;
  const byId = new Map<string, FoundAction>();
  for (const entry of await journal.entriesOfType(ACTION_ENTRY_TYPES)) {
    if (entry.actionId?.startsWith(given) && !byId.has(entry.actionId)) byId.set(entry.actionId, { actionId: entry.actionId, sessionId: entry.sessionId, action: entry.action });
  }
  const exact = byId.get(given);
  if (exact) return exact;
  const matching = [...byId.values()];
  if (matching.length > 1) throw ambiguous('action', given, matching.map((found) => `${found.actionId} (${found.action ?? 'action'} in session ${found.sessionId ?? '?'})`));
  return matching[0] ?? null;
}

export async function resolveActionId(journal: JournalStore, given: string): Promise<FoundAction> {
  const found = await findAction(journal, given);
  if (!found) throw new BackspaceError('action_not_found', `no action ${given} in the journal`, { details: { actionId: given } });
  return found;
}

const LISTED = 10;

function ambiguous(kind: string, given: string, candidates: string[]): BackspaceError {
  const listed = candidates.slice(0, LISTED).map((candidate) => `\n  ${candidate}`).join('');
  const more = candidates.length > LISTED ? `\n  ... and ${candidates.length - LISTED} more` : '';
  return new BackspaceError('ambiguous_id', `${kind} ${given} is ambiguous: it starts ${candidates.length} ${kind} ids; give more characters:${listed}${more}`, { details: { given, candidates: candidates.length } });
}
