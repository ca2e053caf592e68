// A subscription restore's values back into Stripe's update parameters: each item back to its price and
// quantity (one the agent added, deleted), the cancel flag, and the discounts by source, reusing a
// discount still on the subscription and making one again from its coupon or promotion code otherwise.
import type Stripe from 'stripe';
import type { Json, Snapshot } from '@backspace/core';
import { ITEM } from './snapshot.js';

export function subscriptionParams(values: Record<string, Json>, current: Snapshot | null): Stripe.SubscriptionUpdateParams {
  const params: Stripe.SubscriptionUpdateParams = {};
  const items: Stripe.SubscriptionUpdateParams.Item[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (field.startsWith(ITEM)) {
      const id = field.slice(ITEM.length);
      items.push(value === null ? { id, deleted: true } : { id, ...(value as { price: string; quantity: number }) });
    } else if (field === 'cancel_at_period_end') params.cancel_at_period_end = value as boolean;
    else if (field === 'discounts') params.discounts = discountsFor(value as string[], current);
  }
  if (items.length > 0) Object.assign(params, { items, proration_behavior: 'create_prorations' });
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
