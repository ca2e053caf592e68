// What each compensation operation accepts, checked by the rollback engine before it runs one read from
// the journal: ids typed by their Stripe prefix, every field named, nothing else (an unknown argument
// could widen what the inverse touches). `values` is what the engine adds to a field restore.
import { z } from 'zod';
import { CUSTOMER_FIELDS, ITEM, METADATA } from './snapshot.js';
import { stripeId } from './actions/inputs.js';

const idOf = (prefix: string) => z.object({ id: stripeId(prefix) }).strict();

export const customerId = idOf('cus');
export const couponId = z.object({ id: z.string().regex(/^[A-Za-z0-9_-]{1,200}$/, 'a coupon id') }).strict();
export const promotionCodeId = idOf('promo');

/** A customer's restorable fields as its snapshot holds them: a plain field or `metadata.<key>`, string or null. */
const customerValues = z.record(z.string(), z.string().max(512).nullable()).superRefine((values, context) => {
  for (const field of Object.keys(values)) {
    const known = (CUSTOMER_FIELDS as readonly string[]).includes(field) || (field.startsWith(METADATA) && field.length > METADATA.length && field.length <= METADATA.length + 40);
    if (!known) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a customer restore puts back` });
  }
});
export const customerRestore = customerId.extend({ values: customerValues.optional() });

export const promotionCodeRestore = promotionCodeId.extend({ values: z.object({ active: z.boolean() }).strict().optional() });

export const subscriptionId = idOf('sub');
export const invoiceItemId = idOf('ii');

/** A subscription's restorable fields: the cancel flag, its discounts by source, and items by `item.<si_ id>`. */
const discountSource = z.string().regex(/^(coupon:[A-Za-z0-9_-]{1,200}|promotion_code:promo_[A-Za-z0-9]+)$/, 'coupon:<id> or promotion_code:<promo_ id>');
const itemValue = z.object({ price: stripeId('price'), quantity: z.number().int().positive() }).strict().nullable();
const subscriptionValues = z.record(z.string(), z.json()).superRefine((values, context) => {
  for (const [field, value] of Object.entries(values)) {
    const schema = field === 'cancel_at_period_end' ? z.boolean() : field === 'discounts' ? z.array(discountSource).max(20) : /^item\.si_[A-Za-z0-9]+$/.test(field) && field.startsWith(ITEM) ? itemValue : undefined;
    if (!schema) context.addIssue({ code: 'custom', path: [field], message: `${field} is not a field a subscription restore puts back` });
    else if (!schema.safeParse(value).success) context.addIssue({ code: 'custom', path: [field], message: `${field} does not hold a value of its type` });
  }
});
export const subscriptionRestore = subscriptionId.extend({ values: subscriptionValues.optional() });
