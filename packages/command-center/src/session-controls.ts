// The kills and resumes that stopped or freed a session while it ran. The journal files a kill of an
// agent or of everything under no session, and a resume under none at all, so a session's own entries
// show neither the supervisor pausing its agent nor the operator resuming it: they are found here.
import type { JournalEntry, JournalStore, KillScope } from '@backspace/core';

export interface SessionControls {
  /** The session's entries with those kills and resumes among them, in append order. */
  entries: JournalEntry[];
  /** What each kill or resume (by seq) stopped or freed, for the page to say it. */
  scopes: Map<number, KillScope>;
}

/** Kills and resumes of this session, its agent or every agent, from its start to its end. */
export async function withSessionControls(journal: JournalStore, entries: JournalEntry[]): Promise<SessionControls> {
  const scopes = new Map<number, KillScope>();
  const started = entries.find((entry) => entry.type === 'session.started');
  if (!started) return { entries, scopes };
  const ended = entries.find((entry) => entry.type === 'session.ended');
  const own = new Set(entries.map((entry) => entry.seq));
  const added: JournalEntry[] = [];
  for (const entry of await journal.entriesOfType(['kill', 'resume'], started.seq)) {
    if (ended && entry.seq > ended.seq) break;
    const scope = scopeOf(entry);
    if (!scope || !covers(scope, started)) continue;
    scopes.set(entry.seq, scope);
    if (!own.has(entry.seq)) added.push(entry);
  }
  if (added.length === 0) return { entries, scopes };
  return { entries: [...entries, ...added].sort((left, right) => left.seq - right.seq), scopes };
}

/** The scope as the kill switch reads it; a malformed one (the kill switch ignores it) is left out. */
function scopeOf(entry: JournalEntry): KillScope | null {
  const scope = (entry.data as { scope?: unknown } | null)?.scope;
  if (scope === 'all') return scope;
  if (typeof scope !== 'object' || scope === null) return null;
  const { agentId, sessionId } = scope as { agentId?: unknown; sessionId?: unknown };
  if (typeof agentId === 'string') return { agentId };
  if (typeof sessionId === 'string') return { sessionId };
  return null;
}

function covers(scope: KillScope, started: JournalEntry): boolean {
  if (scope === 'all') return true;
  return 'agentId' in scope ? scope.agentId === started.agentId : scope.sessionId === started.sessionId;
}
