// stripe.payment_intent.capture: capture an authorized payment. Irreversible (a refund is another
// payment, not an undo). The input states the amount and currency, so policy can hold a large capture.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { BackspaceError } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { paymentIntentSnapshot } from '../snapshot.js';
import { amount, currency, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z.object({ id: stripeId('pi'), amount_to_capture: amount, currency }).strict();
type Input = z.infer<typeof input>;

const execute = async ({ id, amount_to_capture, currency: stated }: Input, { client, idempotencyKey, pre }: { client: StripeClient; idempotencyKey: string; pre?: Record<string, unknown> | null }): Promise<Stripe.PaymentIntent> => {
  if (pre && pre['currency'] !== stated) throw new BackspaceError('invalid_input', `capture: payment ${id} is in ${String(pre['currency'])}, not ${stated}; nothing was captured`);
  return client.call(`POST /v1/payment_intents/${id}/capture`, true, (api) => api.paymentIntents.capture(id, { amount_to_capture }, { idempotencyKey }));
};

export const paymentIntentCapture = defineStripeAction({
  name: 'stripe.payment_intent.capture',
  reversibility: 'irreversible',
  description: 'Capture an authorized payment; cannot be undone (refunding it is a new payment)',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'payment_intent', id }),
  snapshot: async ({ id }, { client }) => paymentIntentSnapshot(await client.find(`GET /v1/payment_intents/${id}`, (api) => api.paymentIntents.retrieve(id))),
  execute,
  // Resent only once this key's capture shows in Stripe's events: one that never reached Stripe is not made
  // by the lookup, and a person's capture is not taken for the agent's.
  lookup: foundByEvent(['payment_intent.succeeded'], execute),
  post: (_input, intent) => paymentIntentSnapshot(intent),
  minimumRequests: 2,
  compensation: () => null,
});
