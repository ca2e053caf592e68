// stripe.coupon.create: create a coupon (percent or amount off). Inverse: delete it while it is as the
// agent left it and no one else made a promotion code for it (deleting the coupon would leave their code
// unredeemable); discounts it already made stay where they were applied (Stripe keeps them), as residue.
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { couponSnapshot, WHOLE_METADATA } from '../snapshot.js';
import { REFERENCES } from './customer-create.js';
import { amount, couponId, currency, metadata } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z
  .object({
    id: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/).optional(),
    name: z.string().min(1).max(40),
    percent_off: z.number().positive().max(100).optional(),
    amount_off: amount.optional(),
    currency: currency.optional(),
    duration: z.enum(['once', 'repeating', 'forever']).default('once'),
    duration_in_months: z.number().int().positive().max(120).optional(),
    max_redemptions: z.number().int().positive().optional(),
    metadata: metadata.optional(),
  })
  .strict()
  .refine((value) => (value.percent_off === undefined) !== (value.amount_off === undefined), { message: 'give exactly one of percent_off, amount_off' })
  .refine((value) => value.amount_off === undefined || value.currency !== undefined, { message: 'amount_off needs a currency' })
  .refine((value) => (value.duration === 'repeating') === (value.duration_in_months !== undefined), { message: 'duration_in_months goes with duration "repeating", and only with it' });

/** What the inverse names: one coupon, by its id (a coupon's id is any the creator chose). */
const deleteInput = z.object({ id: couponId }).strict();

const execute = (coupon: z.infer<typeof input>, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.Coupon> =>
  client.call('POST /v1/coupons', true, (api) => api.coupons.create(coupon, { idempotencyKey }));

export const couponCreate = defineStripeAction({
  name: 'stripe.coupon.create',
  reversibility: 'compensatable',
  description: 'Create a coupon; undone by deleting it while unchanged (discounts it already made stay)',
  input,
  execute,
  lookup: foundByEvent(['coupon.created'], execute),
  resource: (_coupon, created) => ({ provider: 'stripe', type: 'coupon', id: created.id }),
  // The write's own answer is the post-state: a coupon just created has no promotion codes.
  post: (_coupon, created) => ({ ...couponSnapshot(created), [REFERENCES]: [] }),
  minimumRequests: 1,
  compensation: (args) =>
    guardedUndo(args, {
      operation: 'stripe.coupon.delete',
      input: { id: args.resource.id },
      // A person who renamed it, or added, changed or removed a metadata key, made it theirs; redemptions
      // do not: deleting a coupon leaves its discounts. Its terms never change once made: other terms, or
      // another `created`, are another coupon, made under the same id (its creator chooses it) after the
      // agent's was deleted. A post-state staged before the metadata was recorded holds none, which never
      // equals a coupon's: a conflict, never a deletion.
      fields: ['name', 'created', 'percent_off', 'amount_off', 'currency', 'duration', WHOLE_METADATA],
      // Its promotion codes (read-resources.ts): one someone else made is theirs, and keeps the coupon. The
      // agent's own code, deactivated first by the same rollback (`retires`), does not.
      contents: REFERENCES,
      expect: { absent: true },
      residue: `discounts coupon ${args.resource.id} already made stay on the subscriptions and customers they were applied to`,
      description: `delete coupon ${args.resource.id}`,
    }),
  inverses: {
    'stripe.coupon.delete': {
      input: deleteInput,
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => client.remove(`DELETE /v1/coupons/${id}`, (api) => api.coupons.del(id)),
    },
  },
});
