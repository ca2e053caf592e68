// Appending one entry at the end of its chain, with any number of writer processes at once.
import type pg from 'pg';
import { entryBodyParts, entryFields, type JournalEntry, type NewEntry } from '@backspace/core';
import { chainOf, type ChainStart } from './chains.js';
import { quoteIdentifier } from './settings.js';

export type AppendEntry = (entry: NewEntry) => Promise<JournalEntry>;

export function createAppender(pool: pg.Pool, schema: string, start: ChainStart): AppendEntry {
  const s = quoteIdentifier(schema);
  // One round trip and one transaction: the database locks the entry's chain, reads its head, hashes the
  // body the client built around the seq, and inserts; the lock goes with the commit (see migration 4).
  const appendToChain = `SELECT o_seq, o_prev_hash, o_hash FROM ${s}.append_to_chain(${Array.from({ length: 14 }, (_, index) => `$${index + 1}`).join(', ')})`;

  return async (entry) => {
    const { fields, dataJson } = entryFields(entry);
    const { prefix, suffix } = entryBodyParts(fields, dataJson);
    const values = [chainOf(fields, start.sessionChains), fields.id, fields.at, fields.type, fields.sessionId, fields.agentId, fields.actionId, fields.action, fields.idempotencyKey, fields.resource, fields.correlationId, dataJson, prefix, suffix];
    // Named, so each connection parses and plans the call once.
    const result = await pool.query<{ o_seq: string; o_prev_hash: string; o_hash: string }>({ name: `backspace:${schema}:append-to-chain`, text: appendToChain, values });
    const row = result.rows[0]!;
    return { ...fields, seq: Number(row.o_seq), prevHash: row.o_prev_hash, hash: row.o_hash };
  };
}

