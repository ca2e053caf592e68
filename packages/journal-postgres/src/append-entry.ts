// Appending one entry at the end of the chain, with any number of writer processes at once.
import type pg from 'pg';
import { BackspaceError, entryBodyParts, entryFields, type JournalEntry, type NewEntry } from '@backspace/core';
import { quoteIdentifier } from './settings.js';

export type AppendEntry = (entry: NewEntry) => Promise<JournalEntry>;

export function createAppender(pool: pg.Pool, schema: string): AppendEntry {
  const s = quoteIdentifier(schema);
  // One round trip: the database takes the chain lock, reads the head, hashes the body the client
  // built around the seq, inserts, and lets the lock go right after its commit (see migration 3).
  const appendChained = `CALL ${s}.append_chained(${Array.from({ length: 14 }, (_, index) => `$${index + 1}`).join(', ')}, NULL, NULL, NULL)`;

  return async (entry) => {
    const { fields, dataJson } = entryFields({ ...entry, data: asStoredJson(entry) });
    const { prefix, suffix } = entryBodyParts(fields, dataJson);
    const values = [fields.id, fields.at, fields.type, fields.sessionId, fields.agentId, fields.actionId, fields.action, fields.idempotencyKey, fields.resource, fields.correlationId, dataJson, prefix, suffix, schema];
    const client = await pool.connect();
    let failure: Error | undefined;
    try {
      // Named, so each connection parses and plans the CALL once.
      const result = await client.query<{ o_seq: string; o_prev_hash: string; o_hash: string }>({ name: `backspace:${schema}:append-chained`, text: appendChained, values });
      const row = result.rows[0]!;
      return { ...fields, seq: Number(row.o_seq), prevHash: row.o_prev_hash, hash: row.o_hash };
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
