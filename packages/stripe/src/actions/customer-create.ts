// stripe.customer.create: create a customer. Inverse: delete it, while it is as the agent left it (its
// fields and its metadata as a whole: a key someone added or removed counts) and nothing references it (a
// subscription, an invoice item, an invoice, a payment intent, a saved payment method or a promotion code
// restricted to it someone added makes it theirs to keep: deleting it would detach a card the customer
// gave, or leave a code no one can redeem).
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { guardedUndo, resourceKey } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { BALANCE, CUSTOMER_FIELDS, customerSnapshot, METADATA, WHOLE_METADATA } from '../snapshot.js';
import { metadata, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

export const REFERENCES = 'references';

const input = z
  .object({
    name: z.string().min(1).max(256).optional(),
    email: z.email().max(512).optional(),
    description: z.string().max(350).optional(),
    phone: z.string().max(20).optional(),
    metadata: metadata.optional(),
  })
  .strict()
  .refine((value) => value.name !== undefined || value.email !== undefined, { message: 'give a name or an email' });

/** What the inverse names: one customer, by its id. */
const deleteInput = z.object({ id: stripeId('cus') }).strict();

const execute = (customer: z.infer<typeof input>, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Customer> =>
  client.call('POST /v1/customers', true, (api) => api.customers.create(customer, { idempotencyKey }));

export const customerCreate = defineStripeAction({
  name: 'stripe.customer.create',
  reversibility: 'compensatable',
  description: 'Create a customer; undone by deleting it while it is unchanged and nothing references it',
  input,
  // The input stays whole: the lookup resends it with the same key, and Stripe replays only the same parameters.
  sensitive: { result: ['address', 'shipping'] },
  execute,
  lookup: foundByEvent(['customer.created'], execute),
  resource: (_customer, created) => ({ provider: 'stripe', type: 'customer', id: created.id }),
  // The write's own answer is the post-state: nothing references a customer just created.
  post: (_customer, created) => ({ ...customerSnapshot(created), [REFERENCES]: [] }),
  minimumRequests: 1,
  compensation: (args) =>
    guardedUndo(args, {
      operation: 'stripe.customer.delete',
      input: { id: args.resource.id },
      // The metadata as a whole, so a key added later is a change too; a post-state staged before it had
      // the field holds none, which never equals a customer's metadata: a conflict, never a deletion.
      // Its balance too: a credit or a debit someone put on the customer goes with it.
      fields: [...CUSTOMER_FIELDS, BALANCE, ...Object.keys(args.post ?? {}).filter((field) => field.startsWith(METADATA)), WHOLE_METADATA],
      contents: REFERENCES,
      expect: { absent: true },
      description: `delete customer ${args.resource.id}`,
    }),
  inverses: {
    'stripe.customer.delete': {
      input: deleteInput,
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => client.remove(`DELETE /v1/customers/${id}`, (api) => api.customers.del(id)),
    },
  },
});

/** How an object that references a customer or a coupon is named in its list, in the form its own actions give. */
export const referenceKey = (type: 'subscription' | 'invoiceitem' | 'invoice' | 'payment_intent' | 'payment_method' | 'promotion_code', id: string) => resourceKey({ provider: 'stripe', type, id });
