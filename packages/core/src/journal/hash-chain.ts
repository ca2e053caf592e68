// The journal's hash chain, shared by every store so they all verify the same way.
import { createHash } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry, VerifyReport } from '../contract/journal.js';

export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted, so the same entry always hashes the same. */
export function canonicalJson(value: Json): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key] as Json)}`).join(',')}}`;
}

export type HashedFields = Omit<JournalEntry, 'hash'>;

/**
 * The entry's canonical JSON body (keys sorted) around its `seq`: `prefix + seq + suffix`. A store that
 * chains inside its database (PostgreSQL) sends these and lets the database fill in seq and prevHash.
 */
export function entryBodyParts(entry: Omit<HashedFields, 'seq' | 'prevHash'>, dataJson: string = canonicalJson(entry.data)): { prefix: string; suffix: string } {
  const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  return {
    prefix:
      `{"action":${text(entry.action)},"actionId":${text(entry.actionId)},"agentId":${text(entry.agentId)},"at":${text(entry.at)},` +
      `"correlationId":${text(entry.correlationId)},"data":${dataJson},"id":${text(entry.id)},"idempotencyKey":${text(entry.idempotencyKey)},` +
      `"resource":${text(entry.resource)},"seq":`,
    suffix: `,"sessionId":${text(entry.sessionId)},"type":${text(entry.type)}}`,
  };
}

/**
 * sha256 over the previous hash and every field of the entry, its position (seq) included: the hex of
 * sha256(`${prevHash}\n${body}`), body being the entry's canonical JSON. A store that already holds
 * `canonicalJson(data)` passes it to skip serializing the payload twice.
 */
export function entryHash(entry: HashedFields, dataJson: string = canonicalJson(entry.data)): string {
  const { prefix, suffix } = entryBodyParts(entry, dataJson);
  return createHash('sha256').update(`${entry.prevHash}\n${prefix}${entry.seq}${suffix}`).digest('hex');
}

/**
 * Checks entries given in seq order. An edited entry fails its own hash; a removed one leaves a gap in
 * seq and a broken link; a reordered one breaks the link to its predecessor.
 */
export function verifyChain(entries: Iterable<JournalEntry>): VerifyReport {
  let previous = GENESIS_HASH;
  let expectedSeq = 1;
  let count = 0;
  for (const entry of entries) {
    count += 1;
    if (entry.seq !== expectedSeq) {
      return { ok: false, entries: count, firstBad: { seq: entry.seq, reason: `expected entry ${expectedSeq} here, found ${entry.seq}: an entry was removed or reordered` } };
    }
    if (entry.prevHash !== previous) {
      return { ok: false, entries: count, firstBad: { seq: entry.seq, reason: 'does not link to the entry before it: an entry was removed, reordered or edited' } };
    }
    if (entryHash(entry) !== entry.hash) {
      return { ok: false, entries: count, firstBad: { seq: entry.seq, reason: 'content does not match its hash: the entry was edited' } };
    }
    previous = entry.hash;
    expectedSeq += 1;
  }
  return { ok: true, entries: count };
}
