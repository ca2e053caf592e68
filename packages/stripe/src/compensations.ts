// The inverses the journal names, each safe to run again: deleting what is already gone is done, and a
// restore writes the same values again. Inverses send no idempotency key: a re-planned rollback may run
// one with other values, which Stripe would refuse as the same key with other parameters.
import type { CompensationOperation } from '@backspace/core';
import type { z } from 'zod';
import type { StripeClient } from './client.js';
import { customerId, customerRestore, couponId, invoiceItemId, promotionCodeId, promotionCodeRestore, subscriptionRestore } from './compensation-inputs.js';
import { subscriptionParams } from './subscription-restore.js';
import { updateSubscription } from './actions/subscription-read.js';
import { customerSnapshot, METADATA, promotionCodeSnapshot, subscriptionSnapshot } from './snapshot.js';

const gone = (error: unknown) => (error as { status?: number }).status === 404;

async function removed(run: () => Promise<unknown>) {
  try {
    await run();
  } catch (error) {
    // Already gone (a retry after a lost answer): the inverse's effect is there.
    if (!gone(error)) throw error;
  }
  return { observed: null };
}

/** Snapshot values back into Stripe's update parameters: null unsets a field or a metadata key (''). */
export function customerParams(values: Record<string, string | null>) {
  const params: Record<string, unknown> & { metadata?: Record<string, string> } = {};
  for (const [field, value] of Object.entries(values)) {
    if (field.startsWith(METADATA)) params.metadata = { ...params.metadata, [field.slice(METADATA.length)]: value ?? '' };
    else params[field] = value ?? '';
  }
  return params;
}

export function createCompensations(client: StripeClient): Record<string, CompensationOperation<StripeClient>> {
  return {
    'stripe.customer.delete': {
      input: customerId,
      run: ({ id }: z.infer<typeof customerId>) => removed(() => client.call(`DELETE /v1/customers/${id}`, true, (api) => api.customers.del(id))),
    },
    'stripe.customer.restore': {
      input: customerRestore,
      // A metadata key removed is absent from the answer: named as null, so the answer alone verifies the step.
      run: async ({ id, values = {} }: z.infer<typeof customerRestore>) => ({
        observed: { ...Object.fromEntries(Object.keys(values).map((field) => [field, null])), ...customerSnapshot(await client.call(`POST /v1/customers/${id}`, true, (api) => api.customers.update(id, customerParams(values)))) },
      }),
    },
    'stripe.coupon.delete': {
      input: couponId,
      run: ({ id }: z.infer<typeof couponId>) => removed(() => client.call(`DELETE /v1/coupons/${id}`, true, (api) => api.coupons.del(id))),
    },
    'stripe.promotion_code.deactivate': {
      input: promotionCodeId,
      run: async ({ id }: z.infer<typeof promotionCodeId>) => ({
        observed: promotionCodeSnapshot(await client.call(`POST /v1/promotion_codes/${id}`, true, (api) => api.promotionCodes.update(id, { active: false }))),
      }),
    },
    'stripe.promotion_code.restore': {
      input: promotionCodeRestore,
      run: async ({ id, values }: z.infer<typeof promotionCodeRestore>) => ({
        observed: promotionCodeSnapshot(await client.call(`POST /v1/promotion_codes/${id}`, true, (api) => api.promotionCodes.update(id, values ?? {}))),
      }),
    },
    'stripe.subscription.restore': {
      input: subscriptionRestore,
      // `context.pre` is the subscription as planning read it: a discount still on it is reused by id.
      run: async ({ id, values = {} }: z.infer<typeof subscriptionRestore>, { pre }) => ({
        observed: subscriptionSnapshot(await updateSubscription(client, id, subscriptionParams(values, pre ?? null))),
      }),
    },
    'stripe.invoiceitem.delete': {
      input: invoiceItemId,
      run: ({ id }: z.infer<typeof invoiceItemId>) => removed(() => client.call(`DELETE /v1/invoiceitems/${id}`, true, (api) => api.invoiceItems.del(id))),
    },
  };
}
