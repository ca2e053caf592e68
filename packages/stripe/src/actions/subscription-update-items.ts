// stripe.subscription.update_items: change an item's price or quantity, or add an item. Inverse: put
// each item the agent changed back (an added one removed), three-way per item; Stripe prorates both the
// change and its undo, and those proration invoice items stay on the customer's next invoice as residue.
import { z } from 'zod';
import type Stripe from 'stripe';
import { sameJson, type Json, type Snapshot } from '@backspace/core';
import { defineStripeAction } from './define-action.js';
import type { StripeClient } from '../client.js';
import { ITEM, subscriptionSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { findSubscription, readSubscription, updateSubscription } from './subscription-read.js';
import { fieldsShown, foundIfShown, type Shown } from './replay.js';
import { restoreSubscription } from '../subscription-restore.js';

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

/**
 * How the subscription shows the change: each item named as the write left it (its price and quantity,
 * the ones not given as before), and each item added as a new item of that price and quantity.
 */
function itemsShown({ items }: Input, subscription: Stripe.Subscription, pre: Snapshot | null): Shown {
  const current = subscriptionSnapshot(subscription);
  const named: Snapshot = {};
  for (const item of items) {
    const before = 'id' in item ? (pre?.[`${ITEM}${item.id}`] as { price: string; quantity: number } | undefined) : undefined;
    if ('id' in item && before) named[`${ITEM}${item.id}`] = { price: item.price ?? before.price, quantity: item.quantity ?? before.quantity };
  }
  const byId = fieldsShown(named, current, pre);
  const newItems: Json[] = Object.entries(current ?? {}).flatMap(([field, value]) => (field.startsWith(ITEM) && !(field in (pre ?? {})) ? [value] : []));
  const added = items.filter((item) => !('id' in item));
  const addedShowing = added.filter((item) => {
    const at = newItems.findIndex((value) => sameJson(value, { price: item.price!, quantity: item.quantity ?? 1 }));
    return at >= 0 && newItems.splice(at, 1).length === 1;
  }).length;
  return { all: byId.all && addedShowing === added.length, any: byId.any || addedShowing > 0 };
}

export const subscriptionUpdateItems = defineStripeAction({
  name: 'stripe.subscription.update_items',
  reversibility: 'reversible',
  description: "Change a subscription's prices or quantities, or add an item; undone by putting each item back (three-way; prorations stay)",
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  snapshot: ({ id }, { client }) => readSubscription(client, id),
  execute,
  // Read, never replayed: a replay of a change that never reached Stripe would make it over a person's since.
  lookup: foundIfShown(({ id }) => `subscription ${id}`, ({ id }, client) => findSubscription(client, id), itemsShown),
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
      ...(input.proration_behavior === 'none' ? {} : { residue: `the proration invoice items Stripe made for the change and for its undo stay pending on the customer's next invoice` }),
      description: `put back ${fields.length} item(s) of subscription ${resource.id}`,
    });
  },
});
