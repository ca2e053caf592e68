// What a person does in Stripe's Dashboard that the API of this version offers no parameter for: apply a
// coupon to a customer (the `coupon` and `promotion_code` parameters left the customer endpoints in
// 2025-03-31.basil; the customer's `discount` stays in its answer). Outside the API, as a person's own
// edits are: it goes straight to the records, for tests and demos.
import { fromExample } from './from-example.js';
import type { StripeSimulator } from './stripe-simulator.js';

/** Applies the coupon to the customer, as the Dashboard's "Apply coupon" does: a discount on it, one redemption more. */
export function applyCustomerCoupon(simulator: StripeSimulator, customerId: string, couponId: string): void {
  const { objects } = simulator.inspect();
  const customer = objects.get(customerId);
  const coupon = objects.get(couponId);
  if (customer?.object !== 'customer' || customer['deleted'] === true) throw new Error(`no customer ${customerId}`);
  if (coupon?.object !== 'coupon' || coupon['valid'] !== true) throw new Error(`no valid coupon ${couponId}`);
  const now = Math.floor(Date.now() / 1000);
  // A repeating coupon's discount ends after its months; a forever or once coupon's has no end date.
  const months = coupon['duration'] === 'repeating' ? (coupon['duration_in_months'] as number) : undefined;
  const discount = fromExample('discount', {
    id: `di_${Math.random().toString(36).slice(2, 14)}SimDashboard`,
    customer: customerId,
    start: now,
    end: months === undefined ? null : now + months * 30 * 24 * 60 * 60,
    source: { type: 'coupon', coupon: couponId },
  });
  objects.set(discount.id, discount);
  coupon['times_redeemed'] = (coupon['times_redeemed'] as number) + 1;
  customer['discount'] = discount;
}
