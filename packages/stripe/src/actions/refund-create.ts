// stripe.refund.create: refund (part of) a payment. Irreversible: money sent back cannot be pulled back.
// The input names the amount and currency, so policy can hold a large refund (`stripeApprovalAboveAmount`);
// the payment's currency is checked against it before anything is sent.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { BackspaceError } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { paymentIntentSnapshot, refundSnapshot } from '../snapshot.js';
import { amount, currency, metadata, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z
  .object({
    payment_intent: stripeId('pi'),
    amount,
    currency,
    reason: z.enum(['duplicate', 'fraudulent', 'requested_by_customer']).optional(),
    metadata: metadata.optional(),
  })
  .strict();

type Input = z.infer<typeof input>;

const execute = async ({ currency: stated, ...refund }: Input, { client, idempotencyKey, pre }: { client: StripeClient; idempotencyKey: string; pre?: Record<string, unknown> | null }): Promise<Stripe.Refund> => {
  if (pre && pre['currency'] !== stated) {
    throw new BackspaceError('invalid_input', `refund: payment ${refund.payment_intent} is in ${String(pre['currency'])}, not ${stated}; nothing was refunded`);
  }
  return client.call('POST /v1/refunds', true, (api) => api.refunds.create(refund, { idempotencyKey }));
};

export const refundCreate = defineStripeAction({
  name: 'stripe.refund.create',
  reversibility: 'irreversible',
  description: 'Refund part or all of a payment; cannot be undone (the money has left)',
  input,
  // The payment as it was: its currency checks the input's, and the plan shows what it held.
  snapshot: async ({ payment_intent }, { client }) => paymentIntentSnapshot(await client.find(`GET /v1/payment_intents/${payment_intent}`, (api) => api.paymentIntents.retrieve(payment_intent))),
  execute,
  // Resent only once Stripe's refund.created event shows this key's request made it: a refund that never
  // reached Stripe is not made by the lookup, even when a person refunded the same amount meanwhile.
  lookup: foundByEvent(['refund.created'], execute),
  resource: (_input, refund) => ({ provider: 'stripe', type: 'refund', id: refund.id }),
  post: (_input, refund) => refundSnapshot(refund),
  minimumRequests: 2,
  compensation: () => null,
});
