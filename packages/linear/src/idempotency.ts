// Linear takes a client-chosen id on create: the same idempotency key always names the same entity.
import { createHash } from 'node:crypto';

/**
 * The id of the mark the undo of the agent's creation puts on its issue (a duplicate of the open issue
 * it repeats): one per issue, so a retry meets the mark it made, and a read of the original issue tells
 * that mark, the rollback's own doing, from a person's issue marked a duplicate of it.
 */
export const duplicateMarkId = (issueId: string) => uuidFromKey(issueId.toLowerCase(), 'duplicate-mark');

/** A name-based (version 5 layout) UUID from the key, so a retry after a lost answer finds the first write. */
export function uuidFromKey(key: string, kind: string): string {
  const hash = createHash('sha1').update(`backspace:linear:${kind}:${key}`).digest();
  hash[6] = (hash[6]! & 0x0f) | 0x50;
  hash[8] = (hash[8]! & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
