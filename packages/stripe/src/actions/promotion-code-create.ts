// stripe.promotion_code.create: a customer-facing code for a coupon. Stripe never deletes a promotion
// code, so the inverse deactivates it (the code stays, inactive, as residue) while it is still active;
// a coupon, or a customer it is restricted to, that the same rollback deletes then no longer counts it
// as someone else's.
import { inverseRequest } from '../last-writers.js';
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { promotionCodeSnapshot } from '../snapshot.js';
import { couponId, metadata, stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z
  .object({
    coupon: couponId,
    code: z.string().regex(/^[A-Za-z0-9-]{1,500}$/, 'letters, digits and dashes').optional(),
    customer: stripeId('cus').optional(),
    max_redemptions: z.number().int().positive().optional(),
    expires_at: z.number().int().positive().optional(),
    metadata: metadata.optional(),
  })
  .strict();

/** What the inverse names: one promotion code, by its id. */
const deactivateInput = z.object({ id: stripeId('promo') }).strict();

const execute = ({ coupon, ...fields }: z.infer<typeof input>, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.PromotionCode> =>
  client.call('POST /v1/promotion_codes', true, (api) => api.promotionCodes.create({ ...fields, promotion: { type: 'coupon', coupon } }, { idempotencyKey }));

export const promotionCodeCreate = defineStripeAction({
  name: 'stripe.promotion_code.create',
  reversibility: 'compensatable',
  description: 'Create a promotion code for a coupon; undone by deactivating it (Stripe keeps the code, inactive)',
  input,
  execute,
  lookup: foundByEvent(['promotion_code.created'], execute),
  resource: (_input, created) => ({ provider: 'stripe', type: 'promotion_code', id: created.id }),
  post: (_input, created) => promotionCodeSnapshot(created),
  minimumRequests: 1,
  compensation: (args) => {
    const code = String(args.post?.['code'] ?? args.resource.id);
    return guardedUndo(args, {
      operation: 'stripe.promotion_code.deactivate',
      input: { id: args.resource.id },
      // A person who deactivated it already has what the inverse would do; one who reactivated it after, theirs.
      fields: ['active'],
      expect: { fields: { active: false } },
      // Inactive, it no longer keeps the agent's coupon from being deleted by the same rollback, which
      // deletes the coupon only after this ran (and not at all when it failed).
      retires: true,
      // Its coupon's deletion, and its customer's where it is restricted to one, wait for it.
      dependsOn: [{ provider: 'stripe', type: 'coupon', id: args.input.coupon }, ...(args.input.customer ? [{ provider: 'stripe', type: 'customer', id: args.input.customer }] : [])],
      residue: `promotion code ${code} stays in Stripe, inactive (promotion codes cannot be deleted); redemptions already made stay`,
      description: `deactivate promotion code ${code}`,
    });
  },
  inverses: {
    'stripe.promotion_code.deactivate': {
      input: deactivateInput,
      run: async ({ id }: z.infer<typeof deactivateInput>, { client, idempotencyKey, attempt }) => {
        const { key } = await inverseRequest(idempotencyKey, attempt, () => ({ active: false }));
        return { observed: promotionCodeSnapshot(await client.call(`POST /v1/promotion_codes/${id}`, true, (api) => api.promotionCodes.update(id, { active: false }, { idempotencyKey: key }))) };
      },
    },
  },
});
