// The shared adapter conformance suite, run against the Stripe simulator: for each action, do then
// undo; a dropped answer retried by key writes once (Stripe replays its stored answer); 429s are waited
// out; a person's later edit, made through their own Stripe SDK client, survives rollback; bad input
// never reaches Stripe; forged inverses are refused.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance } from '@backspace/testkit';
import { simulatorEnvironment, stripeConformanceCases } from './conformance/cases.js';

runAdapterConformance({
  name: 'stripe',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: stripeConformanceCases,
});
