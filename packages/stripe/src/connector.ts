// The Stripe connector: its descriptor (what the `backspace` CLI, the demo and the conformance suite
// need) and its adapter's parts, from the agent's secret key (a restricted key is best) and the settings
// every connector takes (`connectorSettings`: baseUrl, default https://api.stripe.com, and timeoutMs).
// The CLI finds it by the `backspace-connector` keyword in package.json.
import { defineConnector, type Adapter, type AdapterParts, type AdapterSettings } from '@backspace/core/adapter-kit';
import { stripeActions } from './actions/index.js';
import { StripeClient } from './client.js';
import { subscriptionCompensations } from './subscription-restore.js';
import { describeResource } from './describe.js';
import { readResource } from './read-resources.js';
import { lastWriters, WRITE_REQUEST } from './last-writers.js';
import { resourceFromUrl } from './resource-from-url.js';

export const STRIPE_TOKEN_VARIABLE = 'STRIPE_SECRET_KEY';

/** The agent's secret key (default: STRIPE_SECRET_KEY), and where Stripe is (default https://api.stripe.com). */
export type StripeAdapterSettings = AdapterSettings;

/** The Stripe adapter, its actions typed by name (`session.run('stripe.refund.create', …)` checks its input). */
export type StripeAdapter = Adapter<StripeClient, typeof stripeActions>;

export const connector = defineConnector({
  name: 'stripe',
  title: 'Stripe',
  tokenVariable: STRIPE_TOKEN_VARIABLE,
  adapter(token, settings): AdapterParts<StripeAdapter> {
    const client = new StripeClient(token, settings.baseUrl, settings.timeoutMs);
    return {
      client,
      actions: stripeActions,
      read: (resource, scope) => readResource(client, resource, scope),
      // Who set a field last, from Stripe's events: a person who set it back to the agent's value keeps it.
      versionField: WRITE_REQUEST,
      lastWriters: (resource) => lastWriters(client, resource),
      // The one inverse several actions share: a subscription's items and settings put back.
      compensations: subscriptionCompensations,
      describe: describeResource,
      resourceFromUrl,
      // Test mode allows 25 requests a second (live mode 100): a rollback paces itself under the lower one.
      rateLimit: { requests: 25, windowMs: 1000 },
    };
  },
  startSimulator: async () => (await import('./simulator/index.js')).createStripeSimulator(),
  demo: async () => (await import('./demo.js')).createStripeDemo(),
});

/** The Stripe adapter: its token `settings.token`, else STRIPE_SECRET_KEY; scrubbed from everything journaled. */
export const createStripeAdapter = connector.createAdapter;
