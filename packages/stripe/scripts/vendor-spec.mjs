#!/usr/bin/env node
// Regenerates spec/stripe-fixtures.subset.json from Stripe's published example objects (run by hand,
// never by tests): only the objects the adapter and the simulator use. The simulator builds every object
// it answers from these examples (src/simulator/from-example.ts imports this one file; the build bundles
// it), so its shapes are Stripe's own. testkit's vendorSubset reads, checks and writes.
//
//   node packages/stripe/scripts/vendor-spec.mjs path/to/fixtures3.json
import { vendorSubset } from '@backspace/testkit/vendor-subset';

vendorSubset({
  source: 'stripe/openapi, openapi/fixtures3.json, commit f6c2a48, MIT, via shared/vendor/stripe/fixtures3.json',
  under: 'resources',
  objects: [
    'customer', 'deleted_customer', 'coupon', 'deleted_coupon', 'promotion_code', 'refund', 'subscription', 'subscription_item',
    'discount', 'invoiceitem', 'deleted_invoiceitem', 'invoice', 'payment_intent', 'payment_method', 'price', 'event',
    'tax_id', 'deleted_tax_id', 'card', 'customer_balance_transaction', 'cash_balance', 'customer_cash_balance_transaction', 'quote', 'subscription_schedule',
    'checkout.session', 'setup_intent',
  ],
  output: new URL('../spec/stripe-fixtures.subset.json', import.meta.url),
});
