#!/usr/bin/env node
// Regenerates spec/stripe-fixtures.subset.json from Stripe's published example objects (run by hand,
// never by tests): only the objects the adapter and the simulator use. The simulator builds every object
// it answers from these examples (src/simulator/from-example.ts imports this one file; the build bundles
// it), so its shapes are Stripe's own.
//
//   node packages/stripe/scripts/vendor-spec.mjs path/to/fixtures3.json
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
// The upstream file is given on the command line: nothing here points at one machine's paths.
if (!process.argv[2]) {
  console.error('usage: node packages/stripe/scripts/vendor-spec.mjs <path to fixtures3.json> (the openapi/fixtures3.json of github.com/stripe/openapi)');
  process.exit(2);
}
const source = resolve(process.argv[2]);
const SOURCE_NOTE = 'stripe/openapi, openapi/fixtures3.json, commit f6c2a48, MIT, via shared/vendor/stripe/fixtures3.json';

export const OBJECTS = [
  'customer', 'deleted_customer', 'coupon', 'deleted_coupon', 'promotion_code', 'refund', 'subscription', 'subscription_item',
  'discount', 'invoiceitem', 'deleted_invoiceitem', 'invoice', 'payment_intent', 'price',
];

const { resources } = JSON.parse(readFileSync(source, 'utf8'));
const missing = OBJECTS.filter((name) => !resources[name]);
if (missing.length > 0) throw new Error(`objects not in the fixtures: ${missing.join(', ')}`);
const subset = { source: SOURCE_NOTE, resources: Object.fromEntries(OBJECTS.map((name) => [name, resources[name]])) };

writeFileSync(join(here, '../spec/stripe-fixtures.subset.json'), `${JSON.stringify(subset, null, 2)}\n`);
console.log(`wrote ${OBJECTS.length} example objects`);
