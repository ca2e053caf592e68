// stripe.customer.create: create a customer. Inverse: delete it, while it is as the agent left it (its
// fields and its metadata as a whole: a key someone added or removed counts; its balance, its addresses by
// digest, its default source and payment method, its cash balance, a coupon applied to it, its invoice
// credit in other currencies, its business and individual names by digest, its invoice numbering) and
// nothing references it (a subscription or subscription schedule, an invoice item, an invoice, a quote, a
// payment intent, a saved payment method, a legacy source, a tax ID, a promotion code restricted to it, an
// open Checkout Session or an unfinished SetupIntent someone added makes it theirs to keep: deleting it
// would detach a card the customer gave, delete their tax ID, leave a code no one can redeem, or a
// checkout or a card being saved that the customer can no longer finish).
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { guardedUndo, resourceKey, type Snapshot } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { BALANCE, CUSTOMER_FIELDS, CUSTOMER_HOLDINGS, CUSTOMER_NUMBERING, customerSnapshot, HOLDINGS_ADDED, METADATA, PERSONAL_RESULT, WHOLE_METADATA } from '../snapshot.js';
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

/**
 * What the inverse names: one customer, by its id; `holdings` where its guard compares what a person may
 * add on the customer itself: 2 for all of CUSTOMER_HOLDINGS, true (staged before HOLDINGS_ADDED were
 * guarded) for all but those. An inverse staged before its guard compared them finds what it did not
 * compare in the state planning read (`context.pre`, no request of its own) and keeps the customer.
 */
const deleteInput = z.object({ id: stripeId('cus'), holdings: z.union([z.literal(true), z.literal(2)]).optional() }).strict();

/** What planning read on the customer, of `fields`, that only someone else can have put there: the agent's create sets none of it. */
function heldByOthers(read: Snapshot | null | undefined, fields: readonly string[]): string[] {
  if (!read) return [];
  return fields.filter((field) => (field === BALANCE ? typeof read[field] === 'number' && read[field] !== 0 : read[field] !== null && read[field] !== undefined));
}

/** The holdings an inverse staged with `holdings` its guard did not compare. */
const unguarded = (holdings: true | 2 | undefined): readonly string[] => (holdings === 2 ? [] : holdings ? HOLDINGS_ADDED : [...CUSTOMER_HOLDINGS, BALANCE]);

const execute = (customer: z.infer<typeof input>, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Customer> =>
  client.call('POST /v1/customers', true, (api) => api.customers.create(customer, { idempotencyKey }));

export const customerCreate = defineStripeAction({
  name: 'stripe.customer.create',
  reversibility: 'compensatable',
  description: 'Create a customer; undone by deleting it while it is unchanged and nothing references it',
  input,
  // The input stays whole: the lookup resends it with the same key, and Stripe replays only the same parameters.
  sensitive: { result: PERSONAL_RESULT },
  execute,
  lookup: foundByEvent(['customer.created'], execute),
  resource: (_customer, created) => ({ provider: 'stripe', type: 'customer', id: created.id }),
  // The write's own answer is the post-state: nothing references a customer just created.
  post: (_customer, created) => ({ ...customerSnapshot(created), [REFERENCES]: [] }),
  minimumRequests: 1,
  compensation: (args) =>
    guardedUndo(args, {
      operation: 'stripe.customer.delete',
      input: { id: args.resource.id, holdings: 2 },
      // The metadata as a whole, so a key added later is a change too; a post-state staged before it had
      // the field holds none, which never equals a customer's metadata: a conflict, never a deletion.
      // Its balance too: a credit or a debit someone put on the customer goes with it; and what else its
      // object says a person added (addresses, by digest; default source and payment method; cash balance),
      // and the numbering a person gave its invoices.
      fields: [...CUSTOMER_FIELDS, BALANCE, ...CUSTOMER_HOLDINGS, ...CUSTOMER_NUMBERING, ...Object.keys(args.post ?? {}).filter((field) => field.startsWith(METADATA)), WHOLE_METADATA],
      contents: REFERENCES,
      expect: { absent: true },
      description: `delete customer ${args.resource.id}`,
    }),
  inverses: {
    'stripe.customer.delete': {
      input: deleteInput,
      run: async ({ id, holdings }: z.infer<typeof deleteInput>, { client, pre }) => {
        const held = heldByOthers(pre, unguarded(holdings));
        if (held.length > 0) return { keptBecause: `someone else put ${held.join(', ')} on customer ${id} since the agent created it` };
        return client.remove(`DELETE /v1/customers/${id}`, (api) => api.customers.del(id));
      },
    },
  },
});

/** How an object that references a customer or a coupon is named in its list, in the form its own actions give. */
export const referenceKey = (
  type: 'subscription' | 'invoiceitem' | 'invoice' | 'payment_intent' | 'payment_method' | 'promotion_code' | 'tax_id' | 'source' | 'quote' | 'subscription_schedule' | 'checkout_session' | 'setup_intent',
  id: string,
) => resourceKey({ provider: 'stripe', type, id });
