// Appending one entry at the end of the chain, with any number of writer processes at once.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import { BackspaceError, GENESIS_HASH, entryHash, type JournalEntry, type NewEntry } from '@backspace/core';
import { CHAIN_LOCK, lockArguments } from './advisory-locks.js';
import { ENTRY_COLUMNS, entryToParameters } from './rows.js';
import { quoteIdentifier } from './settings.js';

export type AppendEntry = (entry: NewEntry) => Promise<JournalEntry>;

export function createAppender(pool: pg.Pool, schema: string): AppendEntry {
  const s = quoteIdentifier(schema);
  // One round trip: each statement of a multi-statement query gets its own snapshot, so the head is read
  // after the lock is granted and sees the entry its previous holder committed.
  const lockAndReadHead = `BEGIN; SELECT pg_advisory_xact_lock(${lockArguments(CHAIN_LOCK, schema)}); SELECT seq, hash FROM ${s}.entries ORDER BY seq DESC LIMIT 1`;
  const insert = `INSERT INTO ${s}.entries (${ENTRY_COLUMNS}) VALUES (${ENTRY_COLUMNS.split(',').map((_, index) => `$${index + 1}`).join(', ')})`;

  return async (entry) => {
    const data = asStoredJson(entry);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      const results = (await client.query(lockAndReadHead)) as unknown as pg.QueryResult<{ seq: string; hash: string }>[];
      const head = results[2]?.rows[0];
      const unhashed = {
        seq: Number(head?.seq ?? 0) + 1,
        id: randomUUID(),
        at: entry.at ?? new Date().toISOString(),
        type: entry.type,
        sessionId: entry.sessionId ?? null,
        agentId: entry.agentId ?? null,
        actionId: entry.actionId ?? null,
        action: entry.action ?? null,
        idempotencyKey: entry.idempotencyKey ?? null,
        resource: entry.resource ?? null,
        correlationId: entry.correlationId ?? null,
        data,
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const stored: JournalEntry = { ...unhashed, hash: entryHash(unhashed) };
      await client.query(insert, entryToParameters(stored));
      await client.query('COMMIT');
      return stored;
    } catch (error) {
      await client.query('ROLLBACK').catch((rollbackError: Error) => (broken = rollbackError));
      throw error;
    } finally {
      // A connection whose rollback failed is in an unknown state: the pool discards it.
      client.release(broken);
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
