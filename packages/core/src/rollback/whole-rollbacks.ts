// Rollbacks of other sessions since a point in the journal, as planning trusts them: which sessions a
// rollback finished for, and where each whole one (no step left out by a selection) finished. A whole
// rollback planned every step of its session, so what it kept it dealt with: its inverse will not run.
import type { JournalEntry } from '../contract/journal.js';
import type { RuntimeContext } from '../runtime/context.js';
import type { TrustedEntries } from './later-sessions.js';

export interface RollbacksSince {
  /** Sessions a rollback finished for. */
  finished: Set<string>;
  /** Per session, where each of its whole rollbacks finished. */
  whole: Map<string, number[]>;
}

/** Rollbacks finished after `afterSeq` for sessions other than `except`. */
export async function rollbacksSince(context: RuntimeContext, trusted: TrustedEntries, afterSeq: number, except: readonly string[] = []): Promise<RollbacksSince> {
  const entries = (await trusted.of(await context.journal.entriesOfType(['rollback.started', 'rollback.finished'], afterSeq))).filter((entry) => entry.sessionId !== null && !except.includes(entry.sessionId));
  const rollbackOf = (entry: JournalEntry) => (entry.data as { rollbackId?: unknown } | null)?.rollbackId;
  const whole = new Set(entries.filter((entry) => entry.type === 'rollback.started' && !(entry.data as { leftOut?: unknown } | null)?.leftOut).map(rollbackOf));
  const finished = entries.filter((entry) => entry.type === 'rollback.finished');
  const wholeRollbacks = new Map<string, number[]>();
  for (const entry of finished) if (whole.has(rollbackOf(entry))) wholeRollbacks.set(entry.sessionId!, [...(wholeRollbacks.get(entry.sessionId!) ?? []), entry.seq]);
  return { finished: new Set(finished.map((entry) => entry.sessionId!)), whole: wholeRollbacks };
}
