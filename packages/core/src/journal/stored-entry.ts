// What every journal store does the same way: chaining a new entry onto the head, and reading a stored
// row (snake_case columns, JSON text) back into the contract's JournalEntry.
import { randomUUID } from 'node:crypto';
import type { EntryType, JournalEntry, NewEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { GENESIS_HASH, canonicalJson, entryHash } from './hash-chain.js';

export interface ChainHead {
  seq: number;
  hash: string;
}

/** An entry's own fields before it takes its place in the chain, with its payload as canonical JSON. */
export function entryFields(entry: NewEntry): { fields: Omit<JournalEntry, 'seq' | 'prevHash' | 'hash'>; dataJson: string } {
  if (entry.data === undefined) throw new BackspaceError('invalid_config', `journal entry ${entry.type} needs JSON data`);
  const fields = {
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
    data: entry.data,
  };
  // Canonical JSON is stored as is: hashed once, serialized once.
  return { fields, dataJson: canonicalJson(fields.data) };
}

/** The entry that follows `head` (the empty chain when absent), hashed, with its payload as stored JSON. */
export function chainEntry(entry: NewEntry, head: ChainHead | undefined): { entry: JournalEntry; dataJson: string } {
  const { fields, dataJson } = entryFields(entry);
  const chained = fields as JournalEntry;
  chained.seq = (head?.seq ?? 0) + 1;
  chained.prevHash = head?.hash ?? GENESIS_HASH;
  chained.hash = entryHash(chained, dataJson);
  return { entry: chained, dataJson };
}

export interface StoredEntryRow {
  /** A bigint column may arrive as a string. */
  seq: number | string;
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

export const STORED_ENTRY_COLUMNS = 'seq, id, at, type, session_id, agent_id, action_id, action, idempotency_key, resource, correlation_id, data, prev_hash, hash';

export function rowToEntry(row: StoredEntryRow): JournalEntry {
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

/** Insert parameters in STORED_ENTRY_COLUMNS order. */
export function entryParameters(entry: JournalEntry, dataJson: string = canonicalJson(entry.data)): (string | number | null)[] {
  return [entry.seq, entry.id, entry.at, entry.type, entry.sessionId, entry.agentId, entry.actionId, entry.action, entry.idempotencyKey, entry.resource, entry.correlationId, dataJson, entry.prevHash, entry.hash];
}
