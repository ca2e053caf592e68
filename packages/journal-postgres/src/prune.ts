// Retention for the PostgreSQL journal: the prune anchor, each chain's head among removed entries, and
// the prune itself through prune_entries (the database checks the caller is an operator).
import type pg from 'pg';
import type { JournalEntry, PruneAnchor } from '@backspace/core';
import { chainOf, type ChainStart } from './chains.js';
import { ENTRY_COLUMNS, rowToEntry, type EntryRow } from './rows.js';

export async function readPruneAnchor(db: pg.Pool | pg.ClientBase, s: string): Promise<PruneAnchor | null> {
  const { rows } = await db.query<{ anchor: string }>(`SELECT anchor FROM ${s}.prune_anchors ORDER BY through_seq DESC LIMIT 1`);
  return rows[0] ? (JSON.parse(rows[0].anchor) as PruneAnchor) : null;
}

/** The newest removed entry of each chain (entries from before the chains began are in none). */
export function chainHeadsOf(removed: readonly JournalEntry[], start: ChainStart): Record<string, string> {
  const heads: Record<string, string> = {};
  for (const entry of removed) if (entry.seq >= start.firstSeq) heads[String(chainOf(entry, start.sessionChains))] = entry.hash;
  return heads;
}

export async function pruneThrough(pool: pg.Pool, s: string, anchor: PruneAnchor): Promise<void> {
  await pool.query(`SELECT ${s}.prune_entries($1, $2, $3, $4, $5)`, [anchor.throughSeq, anchor.throughHash, anchor.removed, JSON.stringify(anchor.heads ?? {}), JSON.stringify(anchor)]);
}

/** Every entry and the prune anchor from one snapshot, so a prune committing meanwhile is seen whole or not at all. */
export async function readVerifiable(pool: pg.Pool, s: string): Promise<{ entries: JournalEntry[]; anchor: PruneAnchor | null }> {
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const anchor = await readPruneAnchor(client, s);
    const { rows } = await client.query<EntryRow>(`SELECT ${ENTRY_COLUMNS} FROM ${s}.entries ORDER BY seq`);
    await client.query('COMMIT');
    return { entries: rows.map(rowToEntry), anchor };
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A connection left inside a failed transaction is not handed out again.
    client.release(failed);
  }
}
