// The objects the simulator answers, in Stripe's shape: each is made by fromExample (from-example.ts)
// from Stripe's own example object, with the fields this account's records set on top.
export type StripeObject = Record<string, unknown> & { id: string; object: string };

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
