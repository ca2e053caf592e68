// Content at rest: what agents wrote and read (inputs, results, pre- and post-states, inverses, their
// reasoning) can be sealed with AES-256-GCM before it reaches the journal, or redacted, while the
// inverses a rollback needs stay sealed, never dropped. Keys have ids so they can rotate by period;
// dropping a period's key is the retention: its content becomes unreadable while the hash chain, which
// covers the sealed text, still verifies.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { Json } from '../contract/json.js';
import type { NewEntry } from '../contract/journal.js';
import { BackspaceError } from '../errors.js';
import { REDACTED } from '../runtime/redact.js';

/**
 * `encrypt`: every content field sealed. `redact`: what only explains (the post-state as the operator
 * reads it, the agent's reasoning, error texts) replaced by a marker; what a rollback needs (input and
 * result, to look a write up and build its inverse; pre-state; staged and final inverses) sealed.
 */
export type ContentMode = 'encrypt' | 'redact';

export interface ContentProtection {
  mode: ContentMode;
  /** The key new entries are sealed with. */
  current: string;
  /** Keys by id: base64 of 32 random bytes (`createContentKey`). Drop an old one to end its retention. */
  keys: Record<string, string>;
}

/** Data members holding content; everything else (hashes, ids, classes, policy, counts) stays clear. */
export const CONTENT_FIELDS = ['input', 'pre', 'post', 'result', 'staged', 'compensation', 'error', 'reasoning', 'held'] as const;
/** What `redact` still seals: a rollback cannot run without it (nor a held action be sent: `held`). */
const NEEDED_TO_UNDO = new Set(['input', 'result', 'pre', 'staged', 'compensation', 'held']);

const SEALED = '$sealed';

export function createContentKey(): string {
  return randomBytes(32).toString('base64');
}

export function validateContentProtection(protection: ContentProtection): ContentProtection {
  if (protection.mode !== 'encrypt' && protection.mode !== 'redact') throw new BackspaceError('invalid_config', `content protection mode must be 'encrypt' or 'redact', not ${JSON.stringify(protection.mode)}`);
  for (const [id, key] of Object.entries(protection.keys ?? {})) {
    if (Buffer.from(key, 'base64').length !== 32) throw new BackspaceError('invalid_config', `content key ${id} must be 32 bytes in base64 (createContentKey())`);
  }
  if (!protection.keys?.[protection.current]) throw new BackspaceError('invalid_config', `content protection: the current key ${JSON.stringify(protection.current)} is not among the keys`);
  return protection;
}

function seal(value: Json, keyId: string, key: string, type: string): Json {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', Buffer.from(key, 'base64'), iv);
  cipher.setAAD(Buffer.from(type));
  const body = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return { [SEALED]: ['v1', keyId, iv.toString('base64'), cipher.getAuthTag().toString('base64'), body.toString('base64')].join(':') };
}

/** The entry with its content fields sealed or redacted as `protection` says; other entries as they are. */
export function protectEntry(entry: NewEntry, protection: ContentProtection): NewEntry {
  const data = entry.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return entry;
  const key = protection.keys[protection.current]!;
  const protectedData: Record<string, Json> = { ...data };
  for (const field of CONTENT_FIELDS) {
    if (!(field in data) || data[field] === null) continue;
    protectedData[field] = protection.mode === 'redact' && !NEEDED_TO_UNDO.has(field) ? REDACTED : seal(data[field] as Json, protection.current, key, entry.type);
  }
  return { ...entry, data: protectedData };
}

/** What a sealed value opens to when its key is gone (past retention) or it was tampered with. */
export interface Unreadable {
  unreadable: string;
}

export function isUnreadable(value: unknown): value is Unreadable {
  return typeof value === 'object' && value !== null && typeof (value as Unreadable).unreadable === 'string' && Object.keys(value).length === 1;
}

/** Opens one value if it is sealed; a sealed value whose key is not held opens to `{ unreadable }`. */
export function openValue(value: Json, type: string, protection: ContentProtection | null): Json {
  const sealed = value !== null && typeof value === 'object' && !Array.isArray(value) ? value[SEALED] : undefined;
  if (typeof sealed !== 'string') return value;
  const [version, keyId, iv, tag, body] = sealed.split(':');
  const key = keyId ? protection?.keys[keyId] : undefined;
  if (version !== 'v1' || !keyId || !iv || !tag || body === undefined) return { unreadable: 'a sealed value in an unknown format' };
  if (!key) return { unreadable: `sealed with content key ${keyId}, which is not held (past its retention, or not configured)` };
  try {
    const decipher = createDecipheriv('aes-256-gcm', Buffer.from(key, 'base64'), Buffer.from(iv, 'base64'));
    decipher.setAAD(Buffer.from(type));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return JSON.parse(Buffer.concat([decipher.update(Buffer.from(body, 'base64')), decipher.final()]).toString('utf8')) as Json;
  } catch {
    return { unreadable: `sealed with content key ${keyId}, but it does not open: edited, or another key under that id` };
  }
}

/** An entry's data with every sealed content field opened (or marked unreadable). */
export function openData(data: Json, type: string, protection: ContentProtection | null): Json {
  if (data === null || typeof data !== 'object' || Array.isArray(data)) return data;
  let opened: Record<string, Json> | null = null;
  for (const field of CONTENT_FIELDS) {
    const value = data[field];
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value) || !(SEALED in value)) continue;
    opened ??= { ...data };
    opened[field] = openValue(value, type, protection);
  }
  return opened ?? data;
}
