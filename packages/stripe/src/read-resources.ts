// Reads a resource as a snapshot, by its type. A customer's read for a deletion also lists what
// references it (its subscriptions and subscription schedules, invoice items, invoices, quotes, payment
// intents, saved payment methods, the promotion codes restricted to it, its open Checkout Sessions and its
// unfinished SetupIntents, and, from its own answer, its tax IDs and legacy sources, its cash balance and
// its invoice credit balances), and a coupon's its promotion codes (active or not), which their guarded
// deletes treat as others' work unless the same rollback undid them first.
import type { ReadScope, ResourceRef, Snapshot } from '@backspace/core/adapter-kit';
import type Stripe from 'stripe';
import type { StripeClient } from './client.js';
import { REFERENCES, referenceKey } from './actions/customer-create.js';
import { couponSnapshot, customerSnapshot, invoiceItemSnapshot, invoiceSnapshot, paymentIntentSnapshot, promotionCodeSnapshot, refundSnapshot } from './snapshot.js';
import { readSubscription } from './actions/subscription-read.js';
import { EXPAND_INVOICE } from './actions/invoice-item-create.js';
import { listAll } from './list-pages.js';

/** What a customer's answer leaves out unless asked for, and deleting it would take away. */
const CUSTOMER_INCLUDES = ['tax_ids', 'sources', 'cash_balance', 'invoice_credit_balance'];

/**
 * A SetupIntent still on its way to saving a card: one that succeeded left its payment method (listed
 * already), one canceled holds nothing.
 */
const UNFINISHED_SETUP: readonly string[] = ['requires_payment_method', 'requires_confirmation', 'requires_action', 'processing'];

export async function readResource(client: StripeClient, resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null> {
  const { id } = resource;
  // A read scoped to the object's own fields (an undo of an update) lists nothing that references it.
  const ownFieldsOnly = scope !== undefined && !scope.fields.includes(REFERENCES);
  switch (resource.type) {
    case 'customer': {
      // Planning a deletion asks the customer's own answer for its tax IDs, legacy sources, cash balance and
      // invoice credit balances (no request of their own).
      const found = await client.find(`GET /v1/customers/${id}`, (api) => api.customers.retrieve(id, ownFieldsOnly ? {} : { expand: CUSTOMER_INCLUDES }) as Promise<Stripe.Customer>);
      const customer = customerSnapshot(found);
      if (!found || !customer || ownFieldsOnly) return customer;
      const [subscriptions, items, invoices, payments, methods, codes, quotes, schedules, checkouts, setups] = await Promise.all([
        listAll(client, 'GET /v1/subscriptions', (api, paging) => api.subscriptions.list({ customer: id, status: 'all', ...paging })),
        listAll(client, 'GET /v1/invoiceitems', (api, paging) => api.invoiceItems.list({ customer: id, ...paging })),
        listAll(client, 'GET /v1/invoices', (api, paging) => api.invoices.list({ customer: id, ...paging })),
        listAll(client, 'GET /v1/payment_intents', (api, paging) => api.paymentIntents.list({ customer: id, ...paging })),
        listAll(client, `GET /v1/customers/${id}/payment_methods`, (api, paging) => api.customers.listPaymentMethods(id, paging)),
        // A code only this customer may redeem, active or not: deleting the customer leaves it unredeemable.
        listAll(client, 'GET /v1/promotion_codes', (api, paging) => api.promotionCodes.list({ customer: id, ...paging })),
        // Nothing on the customer tells of a quote or a schedule made for it: two reads, at planning only.
        listAll(client, 'GET /v1/quotes', (api, paging) => api.quotes.list({ customer: id, ...paging })),
        listAll(client, 'GET /v1/subscription_schedules', (api, paging) => api.subscriptionSchedules.list({ customer: id, ...paging })),
        // A checkout or a card being saved that someone started for the customer, which deleting it would
        // leave the customer unable to finish: only open sessions (complete or expired ones are over).
        listAll(client, 'GET /v1/checkout/sessions', (api, paging) => api.checkout.sessions.list({ customer: id, status: 'open', ...paging })),
        // Stripe lists SetupIntents by customer, not by status: the finished ones are left out here.
        listAll(client, 'GET /v1/setup_intents', (api, paging) => api.setupIntents.list({ customer: id, ...paging })),
      ]);
      return {
        ...customer,
        [REFERENCES]: [
          ...subscriptions.map((found) => referenceKey('subscription', found.id)),
          ...items.map((found) => referenceKey('invoiceitem', found.id)),
          ...invoices.flatMap((found) => (found.id ? [referenceKey('invoice', found.id)] : [])),
          ...payments.map((found) => referenceKey('payment_intent', found.id)),
          ...methods.map((found) => referenceKey('payment_method', found.id)),
          ...codes.map((found) => referenceKey('promotion_code', found.id)),
          ...(found.tax_ids?.data ?? []).map((taxId) => referenceKey('tax_id', taxId.id)),
          ...(found.sources?.data ?? []).map((source) => referenceKey('source', source.id)),
          ...quotes.map((quote) => referenceKey('quote', quote.id)),
          ...schedules.map((schedule) => referenceKey('subscription_schedule', schedule.id)),
          ...checkouts.map((checkout) => referenceKey('checkout_session', checkout.id)),
          ...setups.filter((setup) => UNFINISHED_SETUP.includes(setup.status)).map((setup) => referenceKey('setup_intent', setup.id)),
        ],
      };
    }
    case 'coupon': {
      const coupon = couponSnapshot(await client.find(`GET /v1/coupons/${id}`, (api) => api.coupons.retrieve(id)));
      if (!coupon || ownFieldsOnly) return coupon;
      const codes = await listAll(client, 'GET /v1/promotion_codes', (api, paging) => api.promotionCodes.list({ coupon: id, ...paging }));
      return { ...coupon, [REFERENCES]: codes.map((found) => referenceKey('promotion_code', found.id)) };
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
