// Every object the simulator answers is a copy of Stripe's own example object, read from the one copy in
// spec/stripe-fixtures.subset.json (vendored from stripe/openapi's fixtures3.json, see spec/README.md),
// with the fields this account's records set on top, so each answer carries every field Stripe's does,
// with Stripe's types. The build bundles the JSON into dist: the built simulator reads no file.
import fixtures from '../../spec/stripe-fixtures.subset.json' with { type: 'json' };
import type { StripeObject } from './objects.js';

export type ExampleName = keyof typeof fixtures.resources;

/** The example named, deep-copied, with `fields` set over it; the example's id is never kept. */
export function fromExample(name: ExampleName, fields: Record<string, unknown> & { id: string }): StripeObject {
  const example = structuredClone(fixtures.resources[name]) as unknown as StripeObject;
  return { ...example, ...('livemode' in example ? { livemode: false } : {}), ...fields };
}
