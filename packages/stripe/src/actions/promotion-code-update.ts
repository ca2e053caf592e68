// stripe.promotion_code.update: turn a promotion code on or off. Inverse: set `active` back, three-way
// (a person who flipped it since keeps their choice).
import { inverseRequest } from '../last-writers.js';
import { z } from 'zod';
import type Stripe from 'stripe';
import { defineStripeAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { StripeClient } from '../client.js';
import { promotionCodeSnapshot } from '../snapshot.js';
import { stripeId } from './inputs.js';
import { foundByEvent } from './replay.js';

const input = z.object({ id: stripeId('promo'), active: z.boolean() }).strict();

/** The inverse's input: the promotion code, and (added by the engine at rollback) the flag to put back. */
const restoreInput = z.object({ id: stripeId('promo'), values: z.object({ active: z.boolean() }).strict().optional() }).strict();

const execute = ({ id, active }: z.infer<typeof input>, { client, idempotencyKey }: { client: StripeClient; idempotencyKey: string }): Promise<Stripe.PromotionCode> =>
  client.call(`POST /v1/promotion_codes/${id}`, true, (api) => api.promotionCodes.update(id, { active }, { idempotencyKey }));

export const promotionCodeUpdate = defineStripeAction({
  name: 'stripe.promotion_code.update',
  reversibility: 'reversible',
  description: 'Activate or deactivate a promotion code; undone by setting it back (three-way)',
  input,
  target: ({ id }) => ({ provider: 'stripe', type: 'promotion_code', id }),
  snapshot: async ({ id }, { client }) => promotionCodeSnapshot(await client.find(`GET /v1/promotion_codes/${id}`, (api) => api.promotionCodes.retrieve(id))),
  execute,
  // Resent for Stripe's stored answer only once this key's event shows it landed (see customer.update).
  lookup: foundByEvent(['promotion_code.updated'], execute),
  post: (_input, updated) => promotionCodeSnapshot(updated),
  minimumRequests: 2,
  compensation: (args) =>
    restoreFields(args, {
      operation: 'stripe.promotion_code.restore',
      input: { id: args.resource.id },
      fields: ['active'],
      description: `set promotion code ${String(args.pre?.['code'] ?? args.resource.id)} back to ${args.pre?.['active'] ? 'active' : 'inactive'}`,
    }),
  inverses: {
    'stripe.promotion_code.restore': {
      input: restoreInput,
      run: async ({ id, values }: z.infer<typeof restoreInput>, { client, idempotencyKey, attempt }) => {
        const { key, params } = await inverseRequest(idempotencyKey, attempt, () => values ?? {});
        return { observed: promotionCodeSnapshot(await client.call(`POST /v1/promotion_codes/${id}`, true, (api) => api.promotionCodes.update(id, params, { idempotencyKey: key }))) };
      },
    },
  },
});
