// The Stripe adapter: its actions (each with the inverses it stages), how a resource is read and named,
// and the one inverse several actions share. Its connector (connector.ts) adds the token and its scrubbing.
import type { Adapter, AdapterParts, AdapterSettings } from '@backspace/core/adapter-kit';
import { stripeActions } from './actions/index.js';
import { StripeClient } from './client.js';
import { subscriptionCompensations } from './subscription-restore.js';
import { describeResource } from './describe.js';
import { readResource } from './read-resources.js';
import { resourceFromUrl } from './resource-from-url.js';

export const STRIPE_TOKEN_VARIABLE = 'STRIPE_SECRET_KEY';

/** The agent's secret key (a restricted key is best; default: STRIPE_SECRET_KEY), and where Stripe is (default https://api.stripe.com). */
export type StripeAdapterSettings = AdapterSettings;

/** The Stripe adapter, its actions typed by name (`session.run('stripe.refund.create', …)` checks its input). */
export type StripeAdapter = Adapter<StripeClient, typeof stripeActions>;

export function stripeAdapter(token: string, settings: StripeAdapterSettings): AdapterParts<StripeAdapter> {
  const client = new StripeClient(token, settings.baseUrl, settings.timeoutMs);
  return {
    client,
    actions: stripeActions,
    read: (resource, scope) => readResource(client, resource, scope),
    compensations: subscriptionCompensations,
    describe: describeResource,
    resourceFromUrl,
    // Test mode allows 25 requests a second (live mode 100): a rollback paces itself under the lower one.
    rateLimit: { requests: 25, windowMs: 1000 },
  };
}
