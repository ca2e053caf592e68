// Which of the journal's chains an entry joins. Kill and resume entries share one control chain, so
// their seq order is their commit order and the kill switch, reading them after a cursor, never skips
// one. Every other entry joins one of the session chains, picked from its session id: a session's
// entries stay in order in one chain, and writers of different sessions rarely wait on each other.
import { createHash } from 'node:crypto';
import type pg from 'pg';
import { BackspaceError, GENESIS_HASH, verifyChain, type EntryType, type JournalEntry, type PruneAnchor, type UnusedSeqs, type VerifyReport } from '@backspace/core';
import { quoteIdentifier } from './settings.js';

/** Session chains in a new journal; recorded in its `chain_start` row, which is what counts. A power of two up to 256. */
export const SESSION_CHAINS = 32;
export const CONTROL_CHAIN = 0;

/** Where the chains begin: the seq of their first entry, and the hash they all link their first entry to. */
export interface ChainStart {
  firstSeq: number;
  anchor: string;
  sessionChains: number;
}

export function chainOf(entry: Pick<JournalEntry, 'type' | 'sessionId'>, sessionChains: number): number {
  if (entry.type === 'kill' || entry.type === 'resume') return CONTROL_CHAIN;
  return 1 + (sessionByte(entry.sessionId ?? '') % sessionChains);
}

/** Whether entries of these types all join the control chain, so reading them in seq order is reading them in commit order. */
export function controlTypesOnly(types: readonly EntryType[]): boolean {
  return types.every((type) => type === 'kill' || type === 'resume');
}

// A session appends many entries and verify reads them all: the first byte of its id's sha256 is kept.
const sessionBytes = new Map<string, number>();
const SESSION_BYTES_KEPT = 10_000;

function sessionByte(sessionId: string): number {
  let byte = sessionBytes.get(sessionId);
  if (byte === undefined) {
    if (sessionBytes.size >= SESSION_BYTES_KEPT) sessionBytes.clear();
    byte = createHash('sha256').update(sessionId).digest()[0]!;
    sessionBytes.set(sessionId, byte);
  }
  return byte;
}

/**
 * Verifies a whole journal read in seq order: the entries written before the chains began (by older
 * code, as one chain numbered from 1), which must still end at the anchor, then every chain from it.
 * After a prune, everything continues from the prune's anchor: the single chain from the last removed
 * entry, each chain from its head among the removed ones.
 */
export function verifyChains(entries: readonly JournalEntry[], start: ChainStart, pruned: PruneAnchor | null = null): VerifyReport {
  const prunedThrough = pruned?.throughSeq ?? 0;
  const split = entries.findIndex((entry) => entry.seq >= start.firstSeq);
  const older = split === -1 ? entries : entries.slice(0, split);
  const olderFrom = pruned && prunedThrough < start.firstSeq ? { anchor: pruned.throughHash, afterSeq: prunedThrough } : {};
  const olderReport = verifyChain(older, olderFrom);
  if (!olderReport.ok) return olderReport;
  const olderExpected = Math.max(0, start.firstSeq - 1 - prunedThrough);
  const olderHead = older.at(-1)?.hash ?? (pruned && prunedThrough === start.firstSeq - 1 ? pruned.throughHash : prunedThrough >= start.firstSeq ? start.anchor : GENESIS_HASH);
  if (older.length !== olderExpected || olderHead !== start.anchor) {
    const missing = prunedThrough + older.length + 1;
    return { ok: false, entries: older.length, firstBad: { seq: missing, reason: `entry ${missing}, written before the journal had several chains, is missing: an entry was removed` } };
  }
  const newer = split === -1 ? [] : entries.slice(split);
  const chainAnchors = Object.fromEntries(Object.entries(pruned?.heads ?? {}).map(([chain, hash]) => [Number(chain), hash]));
  const newerReport = verifyChain(newer, { chainOf: (entry) => chainOf(entry, start.sessionChains), anchor: start.anchor, chainAnchors, afterSeq: prunedThrough });
  if (!newerReport.ok) return { ...newerReport, entries: older.length + newerReport.entries };
  const unusedSeqs = findUnusedSeqs(newer, Math.max(start.firstSeq, prunedThrough + 1));
  return { ok: true, entries: entries.length, ...(unusedSeqs.count > 0 ? { unusedSeqs } : {}) };
}

/** The numbers from `firstSeq` up to the newest entry's that no entry holds; `entries` in seq order. */
function findUnusedSeqs(entries: readonly JournalEntry[], firstSeq: number): UnusedSeqs {
  const unused: UnusedSeqs = { count: 0, first: [] };
  let expected = firstSeq;
  for (const { seq } of entries) {
    unused.count += seq - expected;
    for (let missing = expected; missing < seq && unused.first.length < 10; missing += 1) unused.first.push(missing);
    expected = seq + 1;
  }
  return unused;
}

/**
 * Reads where the chains begin, and checks the connection's isolation: under anything stricter than
 * READ COMMITTED an append would read its chain's head from a snapshot older than the chain lock.
 */
export async function readChainStart(client: pg.ClientBase, schema: string): Promise<ChainStart> {
  const { rows } = await client.query<{ first_seq: string; anchor: string; session_chains: number; isolation: string }>(
    `SELECT first_seq, anchor, session_chains, current_setting('transaction_isolation') AS isolation FROM ${quoteIdentifier(schema)}.chain_start`,
  );
  const row = rows[0];
  if (!row) throw new BackspaceError('journal_unavailable', `the journal in schema "${schema}" has lost its chain_start row, so its chains cannot be verified or extended`, { details: { schema } });
  if (row.isolation !== 'read committed') {
    throw new BackspaceError('invalid_config', `the journal's connections run at ${row.isolation.toUpperCase()} isolation; appends need READ COMMITTED: remove default_transaction_isolation from the connection string or the role's settings`, { details: { schema, isolation: row.isolation } });
  }
  return { firstSeq: Number(row.first_seq), anchor: row.anchor, sessionChains: row.session_chains };
}
