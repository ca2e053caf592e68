// Redaction: sensitive fields named by adapters, and known secret values, never reach the journal.
import type { Json } from '../contract/json.js';

export const REDACTED = '[redacted]';

/** Replaces the values at dotted paths (`*` matches any key or index) with a marker, on a copy. */
export function redactPaths(value: Json, paths: readonly string[]): Json {
  let result = value;
  for (const path of paths) result = redactPath(result, path.split('.'));
  return result;
}

function redactPath(value: Json, segments: string[]): Json {
  const [head, ...rest] = segments;
  if (head === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    if (head !== '*' && !/^\d+$/.test(head)) return value;
    return value.map((item, index) => (head === '*' || Number(head) === index ? redactChild(item, rest) : item));
  }
  const copy: { [key: string]: Json } = { ...value };
  for (const key of Object.keys(copy)) {
    if (head === '*' || head === key) copy[key] = redactChild(copy[key] as Json, rest);
  }
  return copy;
}

function redactChild(value: Json, rest: string[]): Json {
  return rest.length === 0 ? REDACTED : redactPath(value, rest);
}

/** Replaces every occurrence of a secret value anywhere in the structure, keys included. */
export function scrubSecrets<T extends Json>(value: T, secrets: readonly string[]): T {
  const live = secrets.filter((secret) => secret.length >= 4);
  if (live.length === 0) return value;
  const scrub = (text: string) => live.reduce((acc, secret) => acc.split(secret).join(REDACTED), text);
  const walk = (node: Json): Json => {
    if (typeof node === 'string') return scrub(node);
    if (node === null || typeof node !== 'object') return node;
    if (Array.isArray(node)) return node.map(walk);
    return Object.fromEntries(Object.entries(node).map(([key, child]) => [scrub(key), walk(child)]));
  };
  return walk(value) as T;
}

/** Makes any value plain JSON (dates to ISO strings, undefined dropped, class instances to fields). */
export function toJson(value: unknown): Json {
  if (value === undefined) return null;
  return JSON.parse(JSON.stringify(value, (_key, child) => (typeof child === 'bigint' ? child.toString() : child))) as Json;
}
