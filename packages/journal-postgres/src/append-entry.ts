// Appending one entry at the end of its chain, with any number of writer processes at once.
import { entryBodyParts, entryFields, type JournalEntry, type NewEntry } from '@backspace/core';
import type { AppendConnection } from './append-connection.js';
import { chainOf, type ChainStart } from './chains.js';
import { quoteIdentifier } from './settings.js';

export type AppendEntry = (entry: NewEntry) => Promise<JournalEntry>;

export function createAppender(connection: AppendConnection, schema: string, start: ChainStart): AppendEntry {
  const s = quoteIdentifier(schema);
  // One round trip and one transaction: the database locks the entry's chain, reads its head, hashes the
  // body the client built around the seq, and inserts; the lock goes with the commit (see migration 4).
  const appendToChain = `SELECT ${s}.append_to_chain(${Array.from({ length: 15 }, (_, index) => `$${index + 1}`).join(', ')}) AS chained`;
  // Named, so each connection parses and plans the call once.
  const name = `backspace:${schema}:append-to-chain`;

  return async (entry) => {
    const { fields, dataJson } = entryFields(entry);
    const { beforeData, afterData, suffix } = entryBodyParts(fields);
    const values = [chainOf(fields, start.sessionChains), fields.id, fields.at, fields.type, fields.sessionId, fields.agentId, fields.actionId, fields.action, fields.idempotencyKey, fields.resource, fields.correlationId, dataJson, beforeData, afterData, suffix];
    const result = await connection.query<{ chained: string }>({ name, text: appendToChain, values });
    const [seq, prevHash, hash] = result.rows[0]!.chained.split(' ');
    return { ...fields, seq: Number(seq), prevHash: prevHash!, hash: hash! };
  };
}

