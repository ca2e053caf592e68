// stripe.subscription.update_items: change an item's price or quantity, or add an item. Inverse: put
// each item the agent changed back (an added one removed), three-way per item; Stripe prorates both the
// change and its undo, and those proration invoice items stay on the customer's next invoice as residue.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { ITEM, subscriptionSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { readSubscription, updateSubscription } from './subscription-read.js';
import { restoreSubscription } from '../subscription-restore.js';
import { foundByEvent } from './replay.js';

const quantity = z.number().int().positive().max(1_000_000);
const input = z
  .object({
    id: stripeId('sub'),
    items: z
      .array(z.union([z.object({ id: stripeId('si'), price: stripeId('price').optional(), quantity: quantity.optional() }).strict(), z.object({ price: stripeId('price'), quantity: quantity.optional() }).strict()]))
      .min(1)
      .max(20),
    proration_behavior: z.enum(['create_prorations', 'none']).default('create_prorations'),
  })
  .strict();
type Input = z.infer<typeof input>;

const execute = ({ id, items, proration_behavior }: Input, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Subscription> => updateSubscription(client, id, { items, proration_behavior }, idempotencyKey);

export const subscriptionUpdateItems = defineStripeAction({
  name: 'stripe.subscription.update_items',
  reversibility: 'reversible',
  description: "Change a subscription's prices or quantities, or add an item; undone by putting each item back (three-way; prorations stay)",
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  snapshot: ({ id }, { client }) => readSubscription(client, id),
  execute,
  // Resent for Stripe's stored answer only once this key's event shows it landed (see customer.update).
  lookup: foundByEvent(['customer.subscription.updated'], execute),
  post: (_input, updated) => subscriptionSnapshot(updated),
  minimumRequests: 2,
  compensation: (args) => {
    const { input, resource, pre, post } = args;
    // Before the write an added item has no id yet: the inverse is built from the answer.
    if (!post && input.items.some((item) => !('id' in item))) return null;
    const named = input.items.flatMap((item) => ('id' in item ? [`${ITEM}${item.id}`] : []));
    const added = Object.keys(post ?? {}).filter((field) => field.startsWith(ITEM) && !(field in (pre ?? {})));
    const fields = [...named, ...added];
    return restoreSubscription(args, {
      fields,
      ...(input.proration_behavior === 'none'
        ? {}
        : {
            residue: `the proration invoice items Stripe made for the change and for its undo stay pending on the customer's next invoice`,
            lasting: `the proration invoice items Stripe made for the change to subscription ${resource.id} stay pending on the customer's next invoice`,
          }),
      description: `put back ${fields.length} item(s) of subscription ${resource.id}`,
    }, {}, input.proration_behavior);
  },
});
