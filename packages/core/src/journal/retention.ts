// Journal retention: which old entries a prune may remove. Sessions go whole: a session's entries are
// removed only when it ended or was rolled back and every one of its entries is past retention, so a
// rollback, a timeline or a resource's history never meets half a session. A prune removes a prefix of
// the journal (every entry through one seq), so the rest still links to the anchor that records it: an
// entry the prefix cannot take (a running session, a recent one, a kill still in force) holds back every
// entry after it, even old ones, until a later prune.
import { canonicalJson } from './hash-chain.js';
import type { Json } from '../contract/json.js';
import type { JournalEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';

/** What `backspace prune` keeps by default: 90 days. */
export const DEFAULT_RETENTION = '90d';

const UNIT_MS: Record<string, number> = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** A retention period: `90d`, `12w`, `36h` (at least one hour). Anything else is an `invalid_input` error. */
export function parseRetention(text: string, what = 'retention'): number {
  const match = /^\s*(\d{1,6})\s*([hdw])\s*$/.exec(String(text));
  const ms = match ? Number(match[1]) * UNIT_MS[match[2]!]! : 0;
  if (!match || ms <= 0) {
    throw new BackspaceError('invalid_input', `${what}: ${JSON.stringify(text)} is not a retention period; use a number of hours, days or weeks, such as 90d, 12w or 36h`, { details: { given: String(text) } });
  }
  return ms;
}

/** Why entries past retention stay: the first entry the prefix cannot take. */
export interface HeldBack {
  seq: number;
  reason: string;
}

export interface PrunePlan {
  /** Entries older than this (ISO) are past retention. */
  cutoff: string;
  /** Every entry with seq up to this one is removed; 0 when nothing can be. */
  throughSeq: number;
  /** The removed entries, in seq order. */
  removed: JournalEntry[];
  /** Sessions removed whole. */
  sessions: string[];
  /** Set when entries past retention stay behind an entry that cannot be removed yet. */
  heldBack: HeldBack | null;
}

interface SessionSpan {
  firstSeq: number;
  lastSeq: number;
  finished: boolean;
  recent: boolean;
}

/** Plans a prune of `entries` (the whole journal, in seq order) at `cutoff`. */
export function planPrune(entries: readonly JournalEntry[], cutoff: Date): PrunePlan {
  const cutoffIso = cutoff.toISOString();
  const spans = sessionSpans(entries, cutoffIso);
  const blockers: HeldBack[] = [];
  const firstRecent = entries.find((entry) => entry.at >= cutoffIso);
  if (firstRecent) blockers.push({ seq: firstRecent.seq, reason: `entry ${firstRecent.seq} is within the retention period (${firstRecent.at})` });
  for (const [sessionId, span] of spans) {
    if (!span.finished) blockers.push({ seq: span.firstSeq, reason: `session ${sessionId} is still running (neither ended nor rolled back)` });
    else if (span.recent) blockers.push({ seq: span.firstSeq, reason: `session ${sessionId} has entries within the retention period` });
  }
  for (const kill of killsInForce(entries)) blockers.push({ seq: kill.seq, reason: `the kill at entry ${kill.seq} is still in force` });
  const first = blockers.sort((a, b) => a.seq - b.seq)[0] ?? null;
  let throughSeq = first ? first.seq - 1 : (entries.at(-1)?.seq ?? 0);
  // A session that began inside the prefix but has entries after it stays whole: the prefix ends before it.
  for (let moved = true; moved; ) {
    moved = false;
    for (const span of spans.values()) {
      if (span.firstSeq <= throughSeq && span.lastSeq > throughSeq) {
        throughSeq = span.firstSeq - 1;
        moved = true;
      }
    }
  }
  const removed = entries.filter((entry) => entry.seq <= throughSeq);
  const sessions = [...spans].filter(([, span]) => span.lastSeq <= throughSeq).map(([sessionId]) => sessionId);
  const olderLeft = entries.some((entry) => entry.seq > throughSeq && entry.at < cutoffIso);
  return { cutoff: cutoffIso, throughSeq, removed, sessions, heldBack: olderLeft ? first : null };
}

function sessionSpans(entries: readonly JournalEntry[], cutoffIso: string): Map<string, SessionSpan> {
  const spans = new Map<string, SessionSpan>();
  for (const entry of entries) {
    if (!entry.sessionId) continue;
    const span = spans.get(entry.sessionId) ?? { firstSeq: entry.seq, lastSeq: entry.seq, finished: false, recent: false };
    span.lastSeq = entry.seq;
    if (entry.type === 'session.ended' || entry.type === 'rollback.finished') span.finished = true;
    if (entry.at >= cutoffIso) span.recent = true;
    spans.set(entry.sessionId, span);
  }
  return spans;
}

/** Kills no later resume of the same scope lifted: removing one would let the agents it stops run again. */
function killsInForce(entries: readonly JournalEntry[]): JournalEntry[] {
  const latest = new Map<string, JournalEntry>();
  for (const entry of entries) {
    if (entry.type !== 'kill' && entry.type !== 'resume') continue;
    const scope = (entry.data as { scope?: Json } | null)?.scope ?? null;
    latest.set(canonicalJson(scope), entry);
  }
  return [...latest.values()].filter((entry) => entry.type === 'kill');
}
