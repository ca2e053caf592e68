// stripe.invoice.void: void a finalized invoice. Irreversible: Stripe keeps a void invoice void.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { invoiceSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z.object({ id: stripeId('in') }).strict();
type Input = z.infer<typeof input>;

const execute = ({ id }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Invoice> =>
  client.call(`POST /v1/invoices/${id}/void`, true, (api) => api.invoices.voidInvoice(id, {}, { idempotencyKey }));

export const invoiceVoid = defineStripeAction({
  name: 'stripe.invoice.void',
  reversibility: 'irreversible',
  description: 'Void an open invoice; cannot be undone',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'invoice', id }),
  execute,
  // Resent only once this key's void shows in Stripe's events: one that never reached Stripe is not made by
  // the lookup, and a person's void is not taken for the agent's.
  lookup: foundByEvent(['invoice.voided'], execute),
  post: (_input, invoice) => invoiceSnapshot(invoice),
  minimumRequests: 1,
  compensation: () => null,
});
