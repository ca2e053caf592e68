// stripe.subscription.apply_discount and stripe.subscription.remove_discount: add a coupon's or a
// promotion code's discount to a subscription, or take a coupon's off. Inverse: the discounts as they
// were, three-way; a discount put back is made again from its coupon (a new redemption, counted).
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { BackspaceError, type CompensationArgs, type Snapshot } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { subscriptionSnapshot } from '../snapshot.js';
import { couponId, stripeId } from './inputs.js';
import { readSubscription, updateSubscription } from './subscription-read.js';
import { restoreSubscription } from '../subscription-restore.js';
import { foundByEvent } from './replay.js';

const applyInput = z
  .object({ id: stripeId('sub'), coupon: couponId.optional(), promotion_code: stripeId('promo').optional() })
  .strict()
  .refine((value) => (value.coupon === undefined) !== (value.promotion_code === undefined), { message: 'give exactly one of coupon, promotion_code' });
const removeInput = z.object({ id: stripeId('sub'), coupon: couponId }).strict();

/** The discounts on the subscription before the write, to send again by id (Stripe replaces the whole list). */
function current(pre: Snapshot | null | undefined): { discount: string }[] {
  return ((pre?.['discount_ids'] as string[] | undefined) ?? []).map((discount) => ({ discount }));
}

const restoreDiscounts = (what: string) => <Input>(args: CompensationArgs<Input, Stripe.Subscription>) =>
  restoreSubscription(
    args,
    { fields: ['discounts'], residue: `the coupon redemptions ${what} stay counted on the coupon`, description: `put the discounts of subscription ${args.resource.id} back as they were` },
    { discounts: [] },
  );

const applyExecute = ({ id, coupon, promotion_code }: z.infer<typeof applyInput>, { client, idempotencyKey, pre }: { client: StripeClient; idempotencyKey: string; pre?: Snapshot | null }): Promise<Stripe.Subscription> =>
  updateSubscription(client, id, { discounts: [...current(pre), coupon ? { coupon } : { promotion_code: promotion_code! }] }, idempotencyKey);

export const subscriptionApplyDiscount = defineStripeAction({
  name: 'stripe.subscription.apply_discount',
  reversibility: 'reversible',
  description: "Apply a coupon's or promotion code's discount to a subscription; undone by taking it off (three-way)",
  input: applyInput,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  snapshot: ({ id }, { client }) => readSubscription(client, id),
  execute: applyExecute,
  // Resent for Stripe's stored answer only once this key's event shows it landed (see customer.update):
  // resent blindly, it would send the discounts as the agent saw them over any a person changed since.
  lookup: foundByEvent(['customer.subscription.updated'], applyExecute),
  post: (_input, updated) => subscriptionSnapshot(updated),
  minimumRequests: 2,
  compensation: restoreDiscounts('the discount made'),
});

const removeExecute = ({ id, coupon }: z.infer<typeof removeInput>, { client, idempotencyKey, pre }: { client: StripeClient; idempotencyKey: string; pre?: Snapshot | null }): Promise<Stripe.Subscription> => {
  const sources = (pre?.['discounts'] as string[] | undefined) ?? [];
  const kept = current(pre).filter((_discount, index) => sources[index] !== `coupon:${coupon}`);
  if (kept.length === sources.length) throw new BackspaceError('invalid_input', `subscription ${id} has no discount from coupon ${coupon}; nothing was changed`);
  return updateSubscription(client, id, { discounts: kept.length > 0 ? kept : '' }, idempotencyKey);
};

export const subscriptionRemoveDiscount = defineStripeAction({
  name: 'stripe.subscription.remove_discount',
  reversibility: 'reversible',
  description: "Take a coupon's discount off a subscription; undone by applying the coupon again (three-way)",
  input: removeInput,
  target: ({ id }) => ({ provider: 'stripe', type: 'subscription', id }),
  snapshot: ({ id }, { client }) => readSubscription(client, id),
  execute: removeExecute,
  lookup: foundByEvent(['customer.subscription.updated'], removeExecute),
  post: (_input, updated) => subscriptionSnapshot(updated),
  minimumRequests: 2,
  compensation: restoreDiscounts('made again by the undo'),
});
