// Input pieces several actions share, checked as Stripe checks them before anything is sent.
import { z } from 'zod';

/** Stripe's metadata: up to 50 keys of at most 40 characters, values of at most 500. */
export const metadata = z
  .record(z.string().min(1).max(40).regex(/^[^[\]]+$/, 'no brackets in a metadata key'), z.string().max(500))
  .refine((value) => Object.keys(value).length <= 50, { message: 'at most 50 metadata keys' });

export const stripeId = (prefix: string) => z.string().regex(new RegExp(`^${prefix}_[A-Za-z0-9]+$`), `a Stripe id starting ${prefix}_`);

/** A coupon's id: the one its creator chose, or Stripe's. */
export const couponId = z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'a coupon id');

/** An amount in the currency's smallest unit (cents), as Stripe takes it. */
export const amount = z.number().int().positive().max(99_999_999);
export const currency = z.string().regex(/^[a-z]{3}$/, 'an ISO 4217 code in lower case (usd)');
