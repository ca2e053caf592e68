// The one inverse several actions stage and none owns: stripe.subscription.restore, which puts back what
// update_items, set_cancel_at_period_end, apply_discount and remove_discount changed on a subscription
// (three-way, field by field). Its values go back into Stripe's update parameters: each item back to its
// price and quantity (one the agent added, deleted), the cancel flag, and the discounts by source,
// reusing a discount still on the subscription and making one again from its coupon or promotion code
// otherwise. Its key is its step's made unique per run and kept, with the request, across the run's
// retries (`inverseRequest`): a re-planned rollback may run it with other values, which Stripe would refuse
// as the same key with other parameters, and a retry after a lost answer gets Stripe's stored answer
// instead of a second write; the key's form tells its event from a person's (last-writers.ts).
import { inverseRequest } from './last-writers.js';
import { z } from 'zod';
import type Stripe from 'stripe';
import { restoreFields, sameJson, type Compensation, type CompensationOperation, type Json, type Snapshot } from '@backspace/core';
import type { StripeClient } from './client.js';
import { DISCOUNTS_READ, ITEM, subscriptionSnapshot } from './snapshot.js';
import { stripeId } from './actions/inputs.js';
import { readSubscription, updateSubscription } from './actions/subscription-read.js';

export const SUBSCRIPTION_RESTORE = 'stripe.subscription.restore';

/** A subscription's restorable fields: the cancel flag, its discounts by source, and items by `item.<si_ id>`. */
const discountSourceValue = z.string().regex(/^(coupon:[A-Za-z0-9_-]{1,200}|promotion_code:promo_[A-Za-z0-9]+)$/, 'coupon:<id> or promotion_code:<promo_ id>');
const itemValue = z.object({ price: stripeId('price'), quantity: z.number().int().positive() }).strict().nullable();
const subscriptionValues = z.record(z.string(), z.json()).superRefine((values, context) => {
  for (const [field, value] of Object.entries(values)) {
    const schema = field === 'cancel_at_period_end' ? z.boolean() : field === 'discounts' ? z.array(discountSourceValue).max(20) : /^item\.si_[A-Za-z0-9]+$/.test(field) && field.startsWith(ITEM) ? itemValue : undefined;
    if (!schema) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a subscription restore puts back` });
    else if (!schema.safeParse(value).success) context.addIssue({ code: 'custom', path: [field], message: `${field} does not hold a value of its type` });
  }
});

/**
 * The inverse's input: the subscription, how its items' restore prorates (as the change did: one made
 * without prorations is put back without them, billing nobody), and (added by the engine at rollback)
 * the values to put back.
 */
const restoreInput = z.object({ id: stripeId('sub'), proration_behavior: z.enum(['create_prorations', 'none']).optional(), values: subscriptionValues.optional() }).strict();

/** The shared operation, for the adapter's `compensations`. */
export const subscriptionCompensations: Record<string, CompensationOperation<StripeClient>> = {
  [SUBSCRIPTION_RESTORE]: {
    input: restoreInput,
    // `context.pre` is the subscription as planning read it: a discount still on it is reused by id.
    // A retry sends the first attempt's request again, its key too (`inverseRequest`): built anew from what
    // that attempt changed, it would redeem a coupon again or name an item it already removed.
    run: async ({ id, proration_behavior = 'create_prorations', values = {} }: z.infer<typeof restoreInput>, { client, pre, idempotencyKey, attempt }) => {
      const { key, params } = await inverseRequest(idempotencyKey, attempt, async () => subscriptionParams(values, 'discounts' in values ? await discountsAsTheyAre(client, id, pre ?? null) : (pre ?? null), proration_behavior));
      return { observed: subscriptionSnapshot(await updateSubscription(client, id, params, key)) };
    },
  },
};

/**
 * The subscription whose discount ids a restore of its discounts reuses: as planning read it, unless
 * planning projected a newer step of this rollback onto it (the agent changed the discounts twice): that
 * step has since made discounts again, under new ids, and the ids read before it would keep the wrong
 * ones (the agent's coupon back on, a person's discount taken off again). Then it is read again.
 */
async function discountsAsTheyAre(client: StripeClient, id: string, planned: Snapshot | null): Promise<Snapshot | null> {
  if (planned && sameJson(planned['discounts'], planned[DISCOUNTS_READ])) return planned;
  return readSubscription(client, id);
}

/**
 * The restore of a subscription's `fields`, built with `restoreFields`. `whenAbsent` gives the value a
 * field is expected back at where the pre-state lacks it (false for the cancel flag, no discounts),
 * instead of null; `prorations` how an items' restore prorates (default: as Stripe does, it prorates).
 */
export function restoreSubscription(
  args: Parameters<typeof restoreFields>[0],
  spec: Pick<Compensation, 'fields' | 'description' | 'residue' | 'lasting' | 'reversibleUntil'>,
  whenAbsent: Record<string, Json> = {},
  prorations: 'create_prorations' | 'none' = 'create_prorations',
): Compensation {
  const input = { id: args.resource.id, ...(prorations === 'none' ? { proration_behavior: prorations } : {}) };
  const compensation = restoreFields(args, { operation: SUBSCRIPTION_RESTORE, input, ...spec });
  return { ...compensation, expect: { fields: Object.fromEntries(spec.fields.map((field) => [field, (args.pre?.[field] ?? whenAbsent[field] ?? null) as Json])) } };
}

function subscriptionParams(values: Record<string, Json>, current: Snapshot | null, prorations: 'create_prorations' | 'none'): Stripe.SubscriptionUpdateParams {
  const params: Stripe.SubscriptionUpdateParams = {};
  const items: Stripe.SubscriptionUpdateParams.Item[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (field.startsWith(ITEM)) {
      const id = field.slice(ITEM.length);
      items.push(value === null ? { id, deleted: true } : { id, ...(value as { price: string; quantity: number }) });
    } else if (field === 'cancel_at_period_end') params.cancel_at_period_end = value as boolean;
    else if (field === 'discounts') params.discounts = discountsFor(value as string[], current);
  }
  if (items.length > 0) Object.assign(params, { items, proration_behavior: prorations });
  return params;
}

function discountsFor(sources: string[], current: Snapshot | null): Stripe.SubscriptionUpdateParams['discounts'] {
  if (sources.length === 0) return '';
  const onIt = [...((current?.['discounts'] as string[] | undefined) ?? [])];
  const ids = (current?.['discount_ids'] as string[] | undefined) ?? [];
  return sources.map((source) => {
    const index = onIt.indexOf(source);
    if (index >= 0) {
      onIt[index] = '';
      return { discount: ids[index]! };
    }
    const [kind, id] = [source.slice(0, source.indexOf(':')), source.slice(source.indexOf(':') + 1)];
    return kind === 'promotion_code' ? { promotion_code: id } : { coupon: id };
  });
}
