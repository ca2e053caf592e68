// Appending one entry at the end of the chain, with any number of writer processes at once.
import type pg from 'pg';
import { BackspaceError, chainEntry, type JournalEntry, type NewEntry } from '@backspace/core';
import { CHAIN_LOCK, lockArguments } from './advisory-locks.js';
import { entryToParameters } from './rows.js';
import { quoteIdentifier } from './settings.js';

export type AppendEntry = (entry: NewEntry) => Promise<JournalEntry>;

export function createAppender(pool: pg.Pool, schema: string): AppendEntry {
  const s = quoteIdentifier(schema);
  // One round trip. A session-level lock, because append_entry releases it between its own commits;
  // READ COMMITTED whatever the server's default, so the head is read after the lock is granted and
  // sees the entry its previous holder committed.
  const lockAndReadHead = `BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_lock(${lockArguments(CHAIN_LOCK, schema)});
    SELECT seq, hash FROM ${s}.entries ORDER BY seq DESC LIMIT 1; COMMIT`;
  const appendAndUnlock = `CALL ${s}.append_entry(${Array.from({ length: 15 }, (_, index) => `$${index + 1}`).join(', ')})`;

  return async (entry) => {
    const data = asStoredJson(entry);
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      const results = (await client.query(lockAndReadHead)) as unknown as pg.QueryResult<{ seq: string; hash: string }>[];
      const head = results[2]?.rows[0];
      const { entry: stored, dataJson } = chainEntry({ ...entry, data }, head ? { seq: Number(head.seq), hash: head.hash } : undefined);
      // Named, so each connection parses and plans the CALL once.
      await client.query({ name: `backspace:${schema}:append`, text: appendAndUnlock, values: [...entryToParameters(stored, dataJson), schema] });
      return stored;
    } catch (error) {
      failure = error as Error;
      throw error;
    } finally {
      // After a failure the connection may still hold the chain lock: closing it is the sure way to free it.
      client.release(failure);
    }
  };
}

/**
 * The entry's data as it will read back: hashing the JSON round trip rather than the caller's object
 * keeps `verify` true for data holding `undefined` fields, which JSON drops.
 */
function asStoredJson(entry: NewEntry): JournalEntry['data'] {
  const text = JSON.stringify(entry.data);
  if (text === undefined) throw new BackspaceError('invalid_input', `journal entry ${entry.type} needs JSON data, got ${typeof entry.data}`);
  return JSON.parse(text);
}
