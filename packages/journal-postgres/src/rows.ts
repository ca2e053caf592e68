// Entries as stored: columns, and the conversion back to the contract's JournalEntry.
import type { EntryType, JournalEntry } from '@backspace/core';

export interface EntryRow {
  /** bigint arrives as a string from the driver. */
  seq: string;
  id: string;
  at: string;
  type: EntryType;
  session_id: string | null;
  agent_id: string | null;
  action_id: string | null;
  action: string | null;
  idempotency_key: string | null;
  resource: string | null;
  correlation_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export const ENTRY_COLUMNS = 'seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash';

export function rowToEntry(row: EntryRow): JournalEntry {
  return {
    seq: Number(row.seq),
    id: row.id,
    at: row.at,
    type: row.type,
    sessionId: row.session_id,
    agentId: row.agent_id,
    actionId: row.action_id,
    action: row.action,
    idempotencyKey: row.idempotency_key,
    resource: row.resource,
    correlationId: row.correlation_id,
    data: JSON.parse(row.data),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

/** Parameters for inserting `entry`, in ENTRY_COLUMNS order. */
export function entryToParameters(entry: JournalEntry): (string | number | null)[] {
  return [
    entry.seq, entry.id, entry.at, entry.type, entry.sessionId, entry.agentId, entry.actionId, entry.action,
    entry.idempotencyKey, entry.resource, entry.correlationId, JSON.stringify(entry.data), entry.prevHash, entry.hash,
  ];
}
