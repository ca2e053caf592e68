// The journal's hash chain, shared by every store so they all verify the same way.
import { createHash } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { JournalEntry, VerifyReport } from '../contract/journal.js';

export const GENESIS_HASH = '0'.repeat(64);

/**
 * JSON with object keys sorted, so the same entry always hashes the same. Otherwise as JSON.stringify:
 * `toJSON` is honoured, members that JSON cannot hold (undefined, functions) are left out of objects and
 * become null in arrays, so the text hashed is exactly what reads back.
 */
export function canonicalJson(value: Json): string {
  const toJSON = (value as { toJSON?: unknown } | null)?.toJSON;
  const json = typeof toJSON === 'function' ? (toJSON.call(value) as Json) : value;
  if (json === null || typeof json !== 'object') return JSON.stringify(json) ?? 'null';
  if (Array.isArray(json)) return `[${json.map(canonicalJson).join(',')}]`;
  const members: string[] = [];
  for (const key of Object.keys(json).sort()) {
    const member = json[key];
    if (member !== undefined && typeof member !== 'function' && typeof member !== 'symbol') members.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
  }
  return `{${members.join(',')}}`;
}

export type HashedFields = Omit<JournalEntry, 'hash'>;

/**
 * The entry's canonical JSON body (keys sorted) without its payload and its `seq`:
 * `beforeData + dataJson + afterData + seq + suffix`. A store that chains inside its database
 * (PostgreSQL) sends these beside the payload, which it stores anyway, and lets the database fill in seq
 * and prevHash.
 */
export function entryBodyParts(entry: Omit<HashedFields, 'seq' | 'prevHash' | 'data'>): { beforeData: string; afterData: string; suffix: string } {
  const text = (value: string | null) => (value === null ? 'null' : JSON.stringify(value));
  return {
    beforeData:
      `{"action":${text(entry.action)},"actionId":${text(entry.actionId)},"agentId":${text(entry.agentId)},"at":${text(entry.at)},` +
      `"correlationId":${text(entry.correlationId)},"data":`,
    afterData: `,"id":${text(entry.id)},"idempotencyKey":${text(entry.idempotencyKey)},"resource":${text(entry.resource)},"seq":`,
    suffix: `,"sessionId":${text(entry.sessionId)},"type":${text(entry.type)}}`,
  };
}

/**
 * sha256 over the previous hash and every field of the entry, its position (seq) included: the hex of
 * sha256(`${prevHash}\n${body}`), body being the entry's canonical JSON. A store that already holds
 * `canonicalJson(data)` passes it to skip serializing the payload twice.
 */
export function entryHash(entry: HashedFields, dataJson: string = canonicalJson(entry.data)): string {
  const { beforeData, afterData, suffix } = entryBodyParts(entry);
  return createHash('sha256').update(`${entry.prevHash}\n${beforeData}${dataJson}${afterData}${entry.seq}${suffix}`).digest('hex');
}

/** How a store lays its entries out in chains; the default is the SQLite store's single chain. */
export interface ChainLayout {
  /**
   * Which chain an entry belongs to, for a store that keeps several (PostgreSQL, so writers of different
   * sessions do not wait on each other). Each entry links to the one before it in its own chain, and seq,
   * shared by the chains, only has to increase: a writer that fails mid-append leaves its number unused.
   * Without it there is one chain, numbered from 1 with no gaps.
   */
  chainOf?: (entry: JournalEntry) => number;
  /** The hash every chain starts from: the genesis hash, or the head of an older chain they continue. */
  anchor?: string;
  /** Per chain, the hash its first entry links to when it differs from `anchor` (its head when older entries were pruned). */
  chainAnchors?: Readonly<Record<number, string>>;
  /** The seq the entries continue after: 0, or the last entry a prune removed (its anchor vouches for the rest). */
  afterSeq?: number;
}

/**
 * Checks entries given in seq order. An edited entry fails its own hash; a removed one breaks the link
 * of the next entry in its chain (and, in a single chain, leaves a gap in seq); a reordered one breaks
 * the link to its predecessor. The last entries of a chain can only be vouched for by whoever kept its
 * head, as with any hash chain.
 */
export function verifyChain(entries: Iterable<JournalEntry>, layout: ChainLayout = {}): VerifyReport {
  const { chainOf, anchor = GENESIS_HASH, chainAnchors = {}, afterSeq = 0 } = layout;
  const heads = new Map<number, string>();
  let lastSeq = afterSeq;
  let count = 0;
  const bad = (seq: number, reason: string): VerifyReport => ({ ok: false, entries: count, firstBad: { seq, reason } });
  for (const entry of entries) {
    count += 1;
    if (chainOf ? entry.seq <= lastSeq : entry.seq !== lastSeq + 1) {
      return bad(entry.seq, chainOf ? `found ${entry.seq} after ${lastSeq}: entries were reordered` : `expected entry ${lastSeq + 1} here, found ${entry.seq}: an entry was removed or reordered`);
    }
    const chain = chainOf?.(entry) ?? 0;
    if (entry.prevHash !== (heads.get(chain) ?? chainAnchors[chain] ?? anchor)) {
      return bad(entry.seq, 'does not link to the entry before it: an entry was removed, reordered or edited');
    }
    if (entryHash(entry) !== entry.hash) return bad(entry.seq, 'content does not match its hash: the entry was edited');
    heads.set(chain, entry.hash);
    lastSeq = entry.seq;
  }
  return { ok: true, entries: count };
}
