// stripe.invoiceitem.create: add a charge (or a credit, negative) to a customer's next invoice or to a
// draft one. Inverse: delete it while it is unchanged and its invoice is still a draft (or it is still
// pending); once the invoice is finalized Stripe keeps the line, and the undo is a conflict to resolve.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { invoiceItemSnapshot, WHOLE_METADATA } from '../snapshot.js';
import { currency, metadata, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z
  .object({
    customer: stripeId('cus'),
    amount: z.number().int().min(-99_999_999).max(99_999_999).refine((value) => value !== 0, { message: 'a non-zero amount' }),
    currency,
    description: z.string().min(1).max(500).optional(),
    invoice: stripeId('in').optional(),
    metadata: metadata.optional(),
  })
  .strict();
type Input = z.infer<typeof input>;

export const EXPAND_INVOICE = ['invoice'];

/** What the inverse names: one invoice item, by its id. */
const deleteInput = z.object({ id: stripeId('ii') }).strict();

const execute = (item: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.InvoiceItem> =>
  client.call('POST /v1/invoiceitems', true, (api) => api.invoiceItems.create({ ...item, expand: EXPAND_INVOICE }, { idempotencyKey }));

export const invoiceItemCreate = defineStripeAction({
  name: 'stripe.invoiceitem.create',
  reversibility: 'compensatable',
  description: "Add an invoice item to a customer's next or draft invoice; undone by deleting it while its invoice is a draft",
  reversibleUntil: 'until its invoice is finalized: Stripe then keeps the line',
  input,
  execute,
  lookup: foundByEvent(['invoiceitem.created'], execute),
  resource: (_input, item) => ({ provider: 'stripe', type: 'invoiceitem', id: item.id }),
  post: (_input, item) => invoiceItemSnapshot(item),
  minimumRequests: 1,
  compensation: (args) =>
    guardedUndo(args, {
      operation: 'stripe.invoiceitem.delete',
      input: { id: args.resource.id },
      // `deletable` turns false when its invoice is finalized: then the guard stops the delete. `invoice`
      // moves when a person's invoice takes the pending item in: a line of their draft, theirs to keep. A
      // metadata key or a discount exemption a person set since is their decision about the line too.
      fields: ['amount', 'currency', 'description', 'invoice', 'deletable', WHOLE_METADATA, 'discountable'],
      expect: { absent: true },
      // Deleted before the agent's customer it was billed to, which the same rollback deletes only after.
      dependsOn: [{ provider: 'stripe', type: 'customer', id: args.input.customer }],
      description: `delete invoice item ${args.resource.id}`,
    }),
  inverses: {
    'stripe.invoiceitem.delete': {
      input: deleteInput,
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => client.remove(`DELETE /v1/invoiceitems/${id}`, (api) => api.invoiceItems.del(id)),
    },
  },
});
