// The conformance suite for Stripe in one call: against the simulator; the live mode exercised offline
// (the simulator standing in for api.stripe.com behind its URL, recorded, then replayed with no server);
// and against the real API in test mode when a user gives keys (never in CI), or replayed from such a
// recording. Live, with a test-mode secret key (and another key of the same account for the person):
//   BACKSPACE_LIVE_STRIPE_TOKEN=sk_test_…  [BACKSPACE_LIVE_STRIPE_HUMAN_TOKEN=sk_test_…]
//   [BACKSPACE_RECORD_STRIPE=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_STRIPE=fixtures/live.json. Never live in CI. A live
// run leaves its test data in the account (Stripe deletes none of it on its own), and two prices with the
// lookup keys backspace_conformance_basic and _pro, which later runs reuse.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runConnectorConformance } from '@backspace/testkit';
import { stripeConformanceCases } from './conformance/cases.js';
import { liveEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';

/** Only a test-mode secret key: live mode moves no real money, and this suite creates and cancels. */
const testModeKey = (variable: string, value: string) => {
  // The message names the kind of key given (sk_live_, rk_test_, pk_test_), never any of its secret part.
  const kind = /^[a-z]{2}_(live|test)_/.exec(value)?.[0];
  if (!/^sk_test_\w+$/.test(value)) throw new Error(`${variable} must be a test-mode secret key (sk_test_…), got ${kind ? `a ${kind}… key` : 'something else'}`);
  return value;
};

runConnectorConformance({
  name: 'stripe',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: stripeConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'api.stripe.com',
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('stripe.customer.update human-edit');
      expect(recordedRequests(recording, 'stripe.subscription.update_items round-trip')).toEqual(expect.arrayContaining(['GET /v1/prices', 'POST /v1/prices', 'POST /v1/subscriptions']));
    },
  },
  live: {
    variables: { required: [], explain: 'a test-mode secret key (sk_test_…) of a Stripe account used for tests' },
    secondUser: 'another test-mode secret key (sk_test_…) of the same account',
    live: ({ TOKEN, HUMAN_TOKEN }) => {
      const agentToken = testModeKey('BACKSPACE_LIVE_STRIPE_TOKEN', TOKEN!);
      const humanToken = HUMAN_TOKEN === undefined ? undefined : testModeKey('BACKSPACE_LIVE_STRIPE_HUMAN_TOKEN', HUMAN_TOKEN);
      return () => liveEnvironment({ agentToken, humanToken });
    },
  },
});
