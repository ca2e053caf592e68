// A caller's key (a tool call id) already used by this agent in an earlier session. A runtime session
// lives in one process and, in an app, usually one request or one connection; the runtime scopes a
// caller's key to its session. But agent frameworks run a call again with the same id in a later
// session: the AI SDK's approved call when the app sends the same messages again (its answer was lost),
// a LangGraph thread resumed from a checkpoint saved before its tool step, an MCP client sending
// tools/call again after reconnecting. Run in the new session it would be written twice. So before a
// call runs, the journal is read for the same key by the same agent in its other sessions: a committed
// write answers with what it recorded, one that may still land is not sent again, one the provider
// refused may run. The same key with other input (a client whose ids restart, an app that reuses them)
// is another call, not this one's retry: it is told so, never given the earlier call's result as its own.
// The MCP server, the AI SDK tools and the LangChain tools all ask this.
import type { JournalEntry } from '../contract/journal.js';
import type { Runtime, Session } from './create-runtime.js';

export type EarlierUse =
  | { kind: 'none' }
  | { kind: 'committed'; sessionId: string; result: unknown }
  | { kind: 'unsettled'; sessionId: string }
  | { kind: 'other-action'; sessionId: string; action: string }
  /** The same action with other input (compared as the journal's `inputHash`): another call under a reused key. */
  | { kind: 'other-input'; sessionId: string };

const WRITES = new Set(['action.intent', 'action.committed', 'action.failed', 'action.unknown']);

/**
 * Where this agent's earlier use of the key stands. A write of an ended session left without its outcome
 * (a timeout, a lost answer) is settled first the way a rollback settles it: planning that session looks
 * the write up by its key and records what it finds (nothing is undone).
 */
export async function earlierUse(runtime: Pick<Runtime, 'journal' | 'planRollback' | 'inputHash'>, session: Session, action: string, key: string, input: unknown): Promise<EarlierUse> {
  const call = { action, key, hash: () => runtime.inputHash(action, input) };
  const found = await readEarlierUse(runtime.journal, session, call);
  if (found.kind !== 'unsettled') return found;
  // Refused while that session is still open (another connection's call in flight) or the write may still land.
  const settled = await runtime.planRollback(found.sessionId).then(() => true, () => false);
  return settled ? readEarlierUse(runtime.journal, session, call) : found;
}

interface Call {
  action: string;
  key: string;
  /** Hashed only when the key was used before (invalid input is then `invalid_input`, as the run would say). */
  hash: () => string;
}

async function readEarlierUse(journal: Runtime['journal'], session: Session, call: Call): Promise<EarlierUse> {
  const earlier = (await journal.keyEntries(call.key)).filter((entry) => entry.sessionId !== session.id && entry.agentId === session.agentId && WRITES.has(entry.type));
  if (earlier.length === 0) return { kind: 'none' };
  const other = earlier.find((entry) => entry.action !== call.action);
  if (other) return { kind: 'other-action', sessionId: other.sessionId ?? '', action: other.action ?? 'another action' };
  // Only attempts of this very call count: their intent recorded the same input hash, as a session's own
  // key state compares it. An attempt with other input is another call, whose result is not this one's.
  const hash = call.hash();
  const sameInput = new Set(earlier.filter((entry) => entry.type === 'action.intent' && (entry.data as { inputHash?: unknown } | null)?.inputHash === hash).map((entry) => entry.actionId));
  const attempts = earlier.filter((entry) => entry.actionId !== null && sameInput.has(entry.actionId));
  if (attempts.length === 0) return { kind: 'other-input', sessionId: earlier[0]!.sessionId ?? '' };
  // Every attempt under the key, by its action id: its last entry says where it stands.
  const last = new Map<string, JournalEntry>();
  for (const entry of [...attempts].sort((a, b) => a.seq - b.seq)) last.set(entry.actionId ?? entry.id, entry);
  const committed = [...last.values()].find((entry) => entry.type === 'action.committed');
  if (committed) return { kind: 'committed', sessionId: committed.sessionId ?? '', result: readable((committed.data as { result?: unknown } | null)?.result) };
  const unsettled = [...last.values()].find((entry) => entry.type === 'action.intent' || entry.type === 'action.unknown');
  if (unsettled) return { kind: 'unsettled', sessionId: unsettled.sessionId ?? '' };
  return { kind: 'none' };
}

/** A result the journal keeps sealed is not shown (the model gets the session to look it up instead). */
function readable(result: unknown): unknown {
  return result !== null && typeof result === 'object' && '$sealed' in result ? null : (result ?? null);
}
