// Reads a resource as a snapshot, by its type. A customer's read also lists what references it (its
// subscriptions, invoice items, invoices and payment intents), and a coupon's its promotion codes (active
// or not), which their guarded deletes treat as others' work unless the same rollback undid them first.
import type { ReadScope, ResourceRef, Snapshot } from '@backspace/core/adapter-kit';
import type Stripe from 'stripe';
import type { StripeClient } from './client.js';
import { REFERENCES, referenceKey } from './actions/customer-create.js';
import { couponSnapshot, customerSnapshot, invoiceItemSnapshot, invoiceSnapshot, paymentIntentSnapshot, promotionCodeSnapshot, refundSnapshot } from './snapshot.js';
import { readSubscription } from './actions/subscription-read.js';
import { EXPAND_INVOICE } from './actions/invoice-item-create.js';

export async function readResource(client: StripeClient, resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null> {
  const { id } = resource;
  // A read scoped to the object's own fields (an undo of an update) lists nothing that references it.
  const ownFieldsOnly = scope !== undefined && !scope.fields.includes(REFERENCES);
  switch (resource.type) {
    case 'customer': {
      const customer = customerSnapshot(await client.find(`GET /v1/customers/${id}`, (api) => api.customers.retrieve(id) as Promise<Stripe.Customer>));
      if (!customer || ownFieldsOnly) return customer;
      const [subscriptions, items, invoices, payments] = await Promise.all([
        client.call('GET /v1/subscriptions', false, (api) => api.subscriptions.list({ customer: id, status: 'all', limit: 100 })),
        client.call('GET /v1/invoiceitems', false, (api) => api.invoiceItems.list({ customer: id, limit: 100 })),
        client.call('GET /v1/invoices', false, (api) => api.invoices.list({ customer: id, limit: 100 })),
        client.call('GET /v1/payment_intents', false, (api) => api.paymentIntents.list({ customer: id, limit: 100 })),
      ]);
      return {
        ...customer,
        [REFERENCES]: [
          ...subscriptions.data.map((found) => referenceKey('subscription', found.id)),
          ...items.data.map((found) => referenceKey('invoiceitem', found.id)),
          ...invoices.data.flatMap((found) => (found.id ? [referenceKey('invoice', found.id)] : [])),
          ...payments.data.map((found) => referenceKey('payment_intent', found.id)),
        ],
      };
    }
    case 'coupon': {
      const coupon = couponSnapshot(await client.find(`GET /v1/coupons/${id}`, (api) => api.coupons.retrieve(id)));
      if (!coupon || ownFieldsOnly) return coupon;
      const codes = await client.call('GET /v1/promotion_codes', false, (api) => api.promotionCodes.list({ coupon: id, limit: 100 }));
      return { ...coupon, [REFERENCES]: codes.data.map((found) => referenceKey('promotion_code', found.id)) };
    }
    case 'promotion_code':
      return promotionCodeSnapshot(await client.find(`GET /v1/promotion_codes/${id}`, (api) => api.promotionCodes.retrieve(id)));
    case 'refund': {
      const refund = await client.find(`GET /v1/refunds/${id}`, (api) => api.refunds.retrieve(id));
      return refund ? refundSnapshot(refund) : null;
    }
    case 'payment_intent':
      return paymentIntentSnapshot(await client.find(`GET /v1/payment_intents/${id}`, (api) => api.paymentIntents.retrieve(id)));
    case 'subscription':
      return readSubscription(client, id);
    case 'invoiceitem':
      return invoiceItemSnapshot(await client.find(`GET /v1/invoiceitems/${id}`, (api) => api.invoiceItems.retrieve(id, { expand: EXPAND_INVOICE })));
    case 'invoice':
      return invoiceSnapshot(await client.find(`GET /v1/invoices/${id}`, (api) => api.invoices.retrieve(id)));
    default:
      return null;
  }
}
