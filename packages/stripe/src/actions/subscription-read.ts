// The one way every subscription action reads and writes: with its discounts expanded, so each answer
// is a whole snapshot (no read after the write).
import type Stripe from 'stripe';
import type { StripeClient } from '../client.js';
import { subscriptionSnapshot } from '../snapshot.js';

export const EXPAND_DISCOUNTS = ['discounts'];

export const readSubscription = async (client: StripeClient, id: string) =>
  subscriptionSnapshot(await client.find(`GET /v1/subscriptions/${id}`, (api) => api.subscriptions.retrieve(id, { expand: EXPAND_DISCOUNTS })));

export const updateSubscription = (client: StripeClient, id: string, params: Stripe.SubscriptionUpdateParams, idempotencyKey?: string) =>
  client.call(`POST /v1/subscriptions/${id}`, true, (api) => api.subscriptions.update(id, { ...params, expand: EXPAND_DISCOUNTS }, idempotencyKey ? { idempotencyKey } : {}));
