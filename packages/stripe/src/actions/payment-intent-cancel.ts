// stripe.payment_intent.cancel: cancel a payment not yet captured (its authorization is released).
// Irreversible: Stripe cannot reopen a canceled PaymentIntent.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { paymentIntentSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z.object({ id: stripeId('pi'), cancellation_reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer', 'abandoned']).optional() }).strict();
type Input = z.infer<typeof input>;

const execute = ({ id, ...params }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.PaymentIntent> =>
  client.call(`POST /v1/payment_intents/${id}/cancel`, true, (api) => api.paymentIntents.cancel(id, params, { idempotencyKey }));

export const paymentIntentCancel = defineStripeAction({
  name: 'stripe.payment_intent.cancel',
  reversibility: 'irreversible',
  description: 'Cancel an uncaptured payment, releasing its authorization; cannot be undone',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'payment_intent', id }),
  execute,
  // Resent only once this key's cancel shows in Stripe's events: one that never reached Stripe is not made
  // by the lookup, and a person's cancel is not taken for the agent's.
  lookup: foundByEvent(['payment_intent.canceled'], execute),
  post: (_input, intent) => paymentIntentSnapshot(intent),
  minimumRequests: 1,
  compensation: () => null,
});
