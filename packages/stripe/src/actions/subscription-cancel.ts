// stripe.subscription.cancel: cancel a subscription now. Irreversible: Stripe cannot reactivate a
// canceled subscription (a new one would be a new contract). Stripe takes no idempotency key on a
// DELETE, so after a lost answer the lookup reads the subscription: canceled means it landed. The SDK
// itself resends a request whose connection closed (whatever maxNetworkRetries says), and Stripe answers
// a second cancel with 404: then the subscription is read, and if canceled the first cancel landed.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { subscriptionSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';

async function canceled(client: StripeClient, id: string): Promise<Stripe.Subscription | undefined> {
  const found = await client.find(`GET /v1/subscriptions/${id}`, (api) => api.subscriptions.retrieve(id));
  return found?.status === 'canceled' ? found : undefined;
}

const input = z.object({ id: stripeId('sub'), invoice_now: z.boolean().optional(), prorate: z.boolean().optional() }).strict();
type Input = z.infer<typeof input>;

export const subscriptionCancel = defineStripeAction({
  name: 'stripe.subscription.cancel',
  reversibility: 'irreversible',
  description: 'Cancel a subscription immediately; cannot be undone',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  execute: async ({ id, ...params }, { client }) => {
    try {
      return await client.call(`DELETE /v1/subscriptions/${id}`, true, (api) => api.subscriptions.cancel(id, params));
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
      return (await canceled(client, id)) ?? Promise.reject(error);
    }
  },
  lookup: ({ id }, { client }) => canceled(client, id),
  post: (_input, canceled) => subscriptionSnapshot(canceled),
  minimumRequests: 1,
  compensation: () => null,
});
