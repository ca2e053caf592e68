// Reading entries of some types after a cursor, as a runtime polls for kills and for its sessions'
// ends. An append takes its seq under its chain's lock and commits with it, so within one chain seq
// order is commit order; across chains it is not: an append can take its seq, then commit after a later
// seq of another chain has committed. A reader handed that later seq moves its cursor past the earlier
// one for good (an operator's end of a session, missed, lets the agent write after its rollback
// reported). So a read that spans chains first waits for every append holding a chain's lock: with a
// shared hold on every chain lock, every seq taken so far is committed (or never will be), and the read
// that follows sees a whole prefix of the journal.
import type pg from 'pg';
import type { EntryType, JournalEntry } from '@backspace/core';
import { chainLockArguments } from './advisory-locks.js';
import { controlTypesOnly } from './chains.js';
import { ENTRY_COLUMNS, rowToEntry, type EntryRow } from './rows.js';

export async function entriesOfTypeAfter(pool: pg.Pool, s: string, sessionChains: number, types: EntryType[], afterSeq: number): Promise<JournalEntry[]> {
  const select = `SELECT ${ENTRY_COLUMNS} FROM ${s}.entries WHERE type = ANY($1) AND seq > $2 ORDER BY seq`;
  // Kill and resume entries share one chain, already read in commit order: no wait for those.
  if (controlTypesOnly(types)) return (await pool.query<EntryRow>(select, [types, afterSeq])).rows.map(rowToEntry);
  const client = await pool.connect();
  let failed: Error | undefined;
  try {
    await client.query('BEGIN');
    // Shared holds never wait on each other: readers go side by side, and wait only for appends in flight.
    await client.query(`SELECT count(pg_advisory_xact_lock_shared(${chainLockArguments(s, 'chain')})) FROM generate_series(0, $1::int) AS chain`, [sessionChains]);
    const { rows } = await client.query<EntryRow>(select, [types, afterSeq]);
    await client.query('COMMIT');
    return rows.map(rowToEntry);
  } catch (error) {
    failed = error as Error;
    throw error;
  } finally {
    // A connection left inside a failed transaction is not handed out again.
    client.release(failed);
  }
}
