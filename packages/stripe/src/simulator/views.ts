// What a person sees of an object in Stripe's Dashboard, straight from the records: the conformance
// suite's independent reader. Fields that move on every write (ids of new discounts, timestamps) stay out.
import type { Json } from '@backspace/core';
import type { StripeObject } from './objects.js';
import type { StripeState } from './records.js';

const pick = (object: StripeObject, fields: string[]): Json => Object.fromEntries(fields.map((field) => [field, (object[field] ?? null) as Json]));

export function viewOf(object: StripeObject, state: StripeState): Json {
  switch (object.object) {
    case 'customer':
      return pick(object, ['name', 'email', 'description', 'phone', 'metadata']);
    case 'coupon':
      return pick(object, ['name', 'percent_off', 'amount_off', 'currency', 'duration', 'valid', 'times_redeemed', 'metadata']);
    case 'promotion_code':
      return { ...(pick(object, ['code', 'active', 'metadata']) as Record<string, Json>), coupon: (object['promotion'] as { coupon: string }).coupon };
    case 'subscription': {
      const items = (object['items'] as { data: StripeObject[] }).data;
      const discounts = (object['discounts'] as string[]).map((id) => (state.objects.get(id)?.['source'] as { coupon: string } | undefined)?.coupon ?? id);
      return {
        ...(pick(object, ['status', 'cancel_at_period_end', 'cancel_at', 'metadata']) as Record<string, Json>),
        items: items.map((item) => ({ price: (item['price'] as StripeObject).id, quantity: item['quantity'] as number })),
        discounts,
      };
    }
    case 'invoiceitem':
      return pick(object, ['amount', 'currency', 'description', 'invoice', 'metadata']);
    default:
      return pick(object, ['status', 'amount', 'currency', 'amount_capturable', 'amount_received', 'metadata']);
  }
}
