// Objects as snapshots record them: the fields a rollback compares and restores, flat, so a three-way
// restore can put back one metadata key without touching another (`metadata.plan`).
import { createHash } from 'node:crypto';
import type Stripe from 'stripe';
import { canonicalJson, type Json, type Snapshot } from '@backspace/core';

export const METADATA = 'metadata.';

const metadataFields = (metadata: Stripe.Metadata | null | undefined): Snapshot =>
  Object.fromEntries(Object.entries(metadata ?? {}).map(([key, value]) => [`${METADATA}${key}`, value]));

export const CUSTOMER_FIELDS = ['name', 'email', 'description', 'phone'] as const;

/** The whole metadata object beside its keys: a guard on it sees a key added or removed, not only one changed. */
export const WHOLE_METADATA = 'metadata';

/**
 * The customer's balance (smallest unit; negative, a credit its next invoices take up): money someone put
 * on the customer, which deleting it would take away. Guarded, never restored.
 */
export const BALANCE = 'balance';

/**
 * What a person may add on a customer that deleting it takes away, as its own object says (no read of
 * its own): its billing and shipping addresses (as digests: personal data never enters the journal in
 * clear), its default source and default payment method for invoices, and the money in its cash balance
 * (in the object when asked for with `expand`, at planning; null otherwise); and the settings a person
 * gives it for billing: tax exemption, preferred locales, the rest of its invoice settings (footer,
 * custom fields: a digest). Each null while as Stripe makes a customer. Guarded, never restored.
 */
const HOLDINGS_FIRST = ['address', 'shipping', 'default_source', 'invoice_settings.default_payment_method', 'cash_balance', 'tax_exempt', 'preferred_locales', 'invoice_settings'] as const;

/**
 * Holdings guarded since (an inverse staged before checks them itself, see customer-create.ts): a coupon
 * applied to the customer (its `discount`, by what it came from), its balances in other currencies than
 * its own (`invoice_credit_balance`, asked for with `expand` at planning), and its business and
 * individual names (digests: an individual's name is personal data). Each null as Stripe makes a customer.
 */
export const HOLDINGS_ADDED = ['discount', 'invoice_credit_balance', 'business_name', 'individual_name'] as const;

export const CUSTOMER_HOLDINGS = [...HOLDINGS_FIRST, ...HOLDINGS_ADDED] as const;

/**
 * How a customer's invoices are numbered: Stripe sets both when it makes the customer (a prefix of its
 * own, number 1); a person may set them after (to go on with another system's numbers). Guarded, never restored.
 */
export const CUSTOMER_NUMBERING = ['invoice_prefix', 'next_invoice_sequence'] as const;

/**
 * A customer's fields that hold personal data, kept out of a journaled answer (its snapshot holds their
 * digests): its addresses, its business and individual names, what its invoices carry (custom fields such
 * as a purchase order number, a footer with a tax number).
 */
export const PERSONAL_RESULT = ['address', 'shipping', 'business_name', 'individual_name', 'invoice_settings.custom_fields', 'invoice_settings.footer'];

/**
 * A digest of personal data, so a journaled snapshot can tell it changed without holding it: SHA-256 of
 * its canonical JSON and of the object it belongs to (the same address on two customers digests apart).
 * Null stays null (nothing to hide). A guess at a known address can still be checked against it.
 */
export function personalDigest(owner: string, value: unknown): string | null {
  if (blank(value)) return null;
  return `sha256:${createHash('sha256').update(owner).update('\n').update(canonicalJson(value as Json)).digest('hex')}`;
}

/** Null, or an object with nothing set in it (Stripe's example customer's all-null address, its `shipping: {}`). */
const blank = (value: unknown): boolean => value === null || value === undefined || value === '' || (typeof value === 'object' && Object.values(value).every(blank));

/** The currencies in which a customer's cash balance holds money, with the amounts; null when none or not read. */
function cashHeld(balance: Stripe.CashBalance | null | undefined): Json {
  const held = Object.entries(balance?.available ?? {}).filter(([, amount]) => amount !== 0);
  return held.length > 0 ? Object.fromEntries(held) : null;
}

/**
 * The currencies in which the customer has an invoice credit balance, with the amounts; null when none or
 * not read. A currency netted out to 0 stays: a balance someone kept in it is their record.
 */
const invoiceCredit = (balances: Record<string, number> | null | undefined): Json => (balances && Object.keys(balances).length > 0 ? { ...balances } : null);

/** Invoice settings besides the default payment method (guarded on its own), or null while none is set. */
function invoiceSettingsSet(settings: Stripe.Customer.InvoiceSettings | null | undefined): Json {
  const { default_payment_method: _method, rendering_options: rendering, ...rest } = settings ?? ({} as Partial<Stripe.Customer.InvoiceSettings>);
  const set = Object.fromEntries(Object.entries({ ...rest, ...(rendering ?? {}) }).filter(([, value]) => value !== null && value !== undefined));
  return Object.keys(set).length > 0 ? (set as Json) : null;
}

export function customerSnapshot(customer: Stripe.Customer | null): Snapshot | null {
  if (!customer) return null;
  const source = customer.default_source;
  const method = customer.invoice_settings?.default_payment_method ?? null;
  return {
    ...Object.fromEntries(CUSTOMER_FIELDS.map((field) => [field, customer[field] ?? null])),
    [BALANCE]: customer.balance ?? 0,
    ...metadataFields(customer.metadata),
    [WHOLE_METADATA]: { ...customer.metadata },
    address: personalDigest(customer.id, customer.address),
    shipping: personalDigest(customer.id, customer.shipping),
    default_source: typeof source === 'string' ? source : (source?.id ?? null),
    'invoice_settings.default_payment_method': typeof method === 'string' ? method : (method?.id ?? null),
    cash_balance: cashHeld(customer.cash_balance),
    tax_exempt: customer.tax_exempt && customer.tax_exempt !== 'none' ? customer.tax_exempt : null,
    preferred_locales: customer.preferred_locales?.length ? [...customer.preferred_locales] : null,
    invoice_settings: personalDigest(customer.id, invoiceSettingsSet(customer.invoice_settings)),
    discount: customer.discount ? discountSource(customer.discount) : null,
    invoice_credit_balance: invoiceCredit(customer.invoice_credit_balance),
    business_name: personalDigest(customer.id, customer.business_name ?? null),
    individual_name: personalDigest(customer.id, customer.individual_name ?? null),
    invoice_prefix: customer.invoice_prefix ?? null,
    next_invoice_sequence: customer.next_invoice_sequence ?? null,
  };
}

export function couponSnapshot(coupon: Stripe.Coupon | null): Snapshot | null {
  if (!coupon) return null;
  // `created` tells one coupon from another made later under the same id (its creator chooses the id).
  // Its metadata is whole: a key someone added (a campaign tag) is their work on it.
  return { name: coupon.name, percent_off: coupon.percent_off, amount_off: coupon.amount_off, currency: coupon.currency, duration: coupon.duration, times_redeemed: coupon.times_redeemed, valid: coupon.valid, created: coupon.created, [WHOLE_METADATA]: { ...coupon.metadata } };
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

export const ITEM = 'item.';

/** The snapshot field holding the discounts' sources as read beside their ids (see subscriptionSnapshot). */
export const DISCOUNTS_READ = 'discounts_read';

/** How a discount is known across its removal and re-creation: by what it came from. */
export function discountSource(discount: Stripe.Discount | string): string {
  if (typeof discount === 'string') return discount;
  const promotion = typeof discount.promotion_code === 'string' ? discount.promotion_code : discount.promotion_code?.id;
  if (promotion) return `promotion_code:${promotion}`;
  const coupon = discount.source.coupon;
  return `coupon:${typeof coupon === 'string' ? coupon : (coupon?.id ?? discount.id)}`;
}

/**
 * A subscription, read with `expand: ['discounts']`: each item as `item.<id>` (price and quantity), its
 * discounts by source, in order, and beside them their ids (a restore reuses one still there), and the
 * current period's end, after which setting `cancel_at_period_end` back no longer matters.
 */
export function subscriptionSnapshot(subscription: Stripe.Subscription | null): Snapshot | null {
  if (!subscription) return null;
  const items = subscription.items.data;
  return {
    status: subscription.status,
    cancel_at_period_end: subscription.cancel_at_period_end,
    current_period_end: items[0]?.current_period_end ?? null,
    ...Object.fromEntries(items.map((item) => [`${ITEM}${item.id}`, { price: item.price.id, quantity: item.quantity ?? 1 }])),
    discounts: subscription.discounts.map(discountSource),
    discount_ids: subscription.discounts.map((discount) => (typeof discount === 'string' ? discount : discount.id)),
    // The sources the ids stand for, as read. Planning projects a newer step's restore onto `discounts`
    // alone, so where the two differ the ids belong to the subscription before that restore ran.
    [DISCOUNTS_READ]: subscription.discounts.map(discountSource),
  };
}

/**
 * An invoice item, read with `expand: ['invoice']`: `deletable` while it is pending or on a draft. Its
 * metadata whole (a key someone added, an approval, is their work on it) and whether discounts apply to it
 * (someone who exempted it from a discount has decided about the line).
 */
export function invoiceItemSnapshot(item: Stripe.InvoiceItem | null): Snapshot | null {
  if (!item) return null;
  const invoice = item.invoice;
  const status = typeof invoice === 'object' && invoice !== null ? invoice.status : null;
  return {
    amount: item.amount, currency: item.currency, description: item.description, invoice: typeof invoice === 'string' ? invoice : (invoice?.id ?? null), deletable: invoice === null || status === 'draft',
    [WHOLE_METADATA]: { ...item.metadata }, discountable: item.discountable,
  };
}

export function invoiceSnapshot(invoice: Stripe.Invoice | null): Snapshot | null {
  if (!invoice) return null;
  return { status: invoice.status, total: invoice.total, amount_due: invoice.amount_due, currency: invoice.currency, number: invoice.number };
}
