// stripe.invoice.void: void a finalized invoice. Irreversible: Stripe keeps a void invoice void.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { invoiceSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { replayIfLanded } from './replay.js';

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
  // Replayed only once the invoice reads void: a void that never reached Stripe is not sent by the lookup.
  lookup: replayIfLanded(async ({ id }, { client }) => (await client.find(`GET /v1/invoices/${id}`, (api) => api.invoices.retrieve(id)))?.status === 'void', execute),
  post: (_input, invoice) => invoiceSnapshot(invoice),
  minimumRequests: 1,
  compensation: () => null,
});
