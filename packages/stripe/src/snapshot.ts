// Objects as snapshots record them: the fields a rollback compares and restores, flat, so a three-way
// restore can put back one metadata key without touching another (`metadata.plan`).
import type Stripe from 'stripe';
import type { Json, Snapshot } from '@backspace/core';

export const METADATA = 'metadata.';

const metadataFields = (metadata: Stripe.Metadata | null | undefined): Snapshot =>
  Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [`${METADATA}${key}`, value]));

export const CUSTOMER_FIELDS = ['name', 'email', 'description', 'phone'] as const;

export function customerSnapshot(customer: Stripe.Customer | null): Snapshot | null {
  if (!customer) return null;
  return { ...Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, customer[field] ?? null])), ...metadataFields(customer.metadata) };
}

export function couponSnapshot(coupon: Stripe.Coupon | null): Snapshot | null {
  if (!coupon) return null;
  return { name: coupon.name, percent_off: coupon.percent_off, amount_off: coupon.amount_off, currency: coupon.currency, duration: coupon.duration, times_redeemed: coupon.times_redeemed, valid: coupon.valid };
}

export function promotionCodeSnapshot(code: Stripe.PromotionCode | null): Snapshot | null {
  if (!code) return null;
  const coupon = code.promotion.coupon;
  return { code: code.code, active: code.active, coupon: typeof coupon === 'string' ? coupon : (coupon?.id ?? null), times_redeemed: code.times_redeemed };
}

/** Amounts as Stripe keeps them: integers in the currency's smallest unit. */
export function refundSnapshot(refund: Stripe.Refund): Snapshot {
  return { amount: refund.amount, currency: refund.currency, status: refund.status, payment_intent: typeof refund.payment_intent === 'string' ? refund.payment_intent : (refund.payment_intent?.id ?? null) };
}

export function paymentIntentSnapshot(intent: Stripe.PaymentIntent | null): Snapshot | null {
  if (!intent) return null;
  return { status: intent.status, amount: intent.amount, currency: intent.currency, amount_capturable: intent.amount_capturable, amount_received: intent.amount_received };
}

export const jsonOf = (value: unknown): Json => value as Json;
