// What a person sees of a resource, read through their own Stripe SDK client: the same view as the
// simulator's records give (simulator/views.ts), so the cases compare alike in every mode. Fields that
// move on every write (ids of new discounts, timestamps) stay out; a deleted or missing object is null.
import type { Json, ResourceRef } from '@backspace/core';
import type Stripe from 'stripe';

type Fields = Record<string, unknown>;

const pick = (object: Fields, fields: string[]): Record<string, Json> => Object.fromEntries(fields.map((field) => [field, (object[field] ?? null) as Json]));
/** An expandable field's id, whether Stripe sent the id or the object. */
const idOf = (value: unknown) => (value !== null && typeof value === 'object' ? (value as { id: string }).id : (value as string | null | undefined) ?? null);

export async function viewThrough(person: Stripe, resource: ResourceRef): Promise<Json | null> {
  const found = await retrieve(person, resource);
  if (!found || found['deleted'] === true) return null;
  switch (resource.type) {
    case 'customer':
      return pick(found, ['name', 'email', 'description', 'phone', 'metadata']);
    case 'coupon':
      return pick(found, ['name', 'percent_off', 'amount_off', 'currency', 'duration', 'valid', 'times_redeemed', 'metadata']);
    case 'promotion_code':
      return { ...pick(found, ['code', 'active', 'metadata']), coupon: idOf((found['promotion'] as { coupon: unknown }).coupon) };
    case 'subscription': {
      const subscription = found as unknown as Stripe.Subscription;
      return {
        ...pick(found, ['status', 'cancel_at_period_end', 'cancel_at', 'metadata']),
        items: subscription.items.data.map((item) => ({ price: item.price.id, quantity: item.quantity ?? null })),
        discounts: subscription.discounts.map((discount) => idOf(typeof discount === 'string' ? discount : discount.source.coupon)),
      };
    }
    case 'invoiceitem':
      return { ...pick(found, ['amount', 'currency', 'description', 'metadata']), invoice: idOf(found['invoice']) };
    default:
      return pick(found, ['status', 'amount', 'currency', 'amount_capturable', 'amount_received', 'metadata']);
  }
}

/** The object as Stripe answers it, or null when Stripe says it does not exist (404). */
async function retrieve(person: Stripe, { type, id }: ResourceRef): Promise<Fields | null> {
  const read: Record<string, () => Promise<unknown>> = {
    customer: () => person.customers.retrieve(id),
    coupon: () => person.coupons.retrieve(id),
    promotion_code: () => person.promotionCodes.retrieve(id),
    subscription: () => person.subscriptions.retrieve(id, { expand: ['discounts'] }),
    invoiceitem: () => person.invoiceItems.retrieve(id),
    invoice: () => person.invoices.retrieve(id),
    payment_intent: () => person.paymentIntents.retrieve(id),
    refund: () => person.refunds.retrieve(id),
  };
  if (!read[type]) throw new Error(`no reader for a Stripe ${type}`);
  try {
    return (await read[type]()) as Fields;
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode === 404) return null;
    throw error;
  }
}
