// Every object the simulator answers is a copy of Stripe's own example object (examples.ts, vendored
// from stripe/openapi's fixtures3.json) with the fields this account's records set on top, so each
// answer carries every field Stripe's does, with Stripe's types.
import { EXAMPLES } from './examples.js';

export type StripeObject = Record<string, unknown> & { id: string; object: string };
export type ExampleName = keyof typeof EXAMPLES;

/** The example named, deep-copied, with `fields` set over it; the example's id is never kept. */
export function fromExample(name: ExampleName, fields: Record<string, unknown> & { id: string }): StripeObject {
  const example = structuredClone(EXAMPLES[name]) as unknown as StripeObject;
  return { ...example, ...('livemode' in example ? { livemode: false } : {}), ...fields };
}

/** Stripe's ids: a prefix and 24 letters and digits, unique in this simulator. */
export function createStripeIds(): (prefix: string) => string {
  let next = 0;
  return (prefix) => `${prefix}_${(++next).toString(36).padStart(6, '0')}SimB7WZ01zgkW${Math.random().toString(36).slice(2, 8)}`;
}

/** Stripe's metadata update: `metadata[key]=''` removes a key, `metadata=''` removes them all. */
export function mergeMetadata(current: unknown, update: unknown): Record<string, string> {
  if (update === '') return {};
  const merged: Record<string, string> = { ...(current as Record<string, string>) };
  for (const [key, value] of Object.entries((update ?? {}) as Record<string, string>)) {
    if (value === '') delete merged[key];
    else merged[key] = value;
  }
  return merged;
}
