// The Stripe conformance cases, shared by the conformance suite and the request budget: each case arranges
// what its action needs as a person, through their own Stripe SDK client (a second key of the account), so
// the same cases run against the simulator and through the public API only (live, or recorded and replayed).
import type { ConformanceCase, ConformanceEnvironment } from '@backspace/testkit';
import { appliedWrites, key } from '../test-support/person.js';
import type { StripeConformanceEnvironment } from './environments.js';

export { simulatorEnvironment } from './environments.js';

const person = (environment: ConformanceEnvironment) => (environment as StripeConformanceEnvironment).person;
const plans = (environment: ConformanceEnvironment) => (environment as StripeConformanceEnvironment).plans();

/** The write's effects, counted in the simulator's records: a request replayed by key changes nothing. */
const writes = (method: string, path: string) => ({ write: { method, path }, countWrites: (environment: ConformanceEnvironment) => appliedWrites(environment, method, path) });

const field = (state: unknown, name: string) => (state as Record<string, unknown> | null)?.[name];

/**
 * A person's customer on the Basic plan (two seats), optionally with a coupon's discount. Invoiced by
 * email, so a live account needs no card on file for the subscription to be active.
 */
async function subscribed(environment: ConformanceEnvironment, coupon?: string) {
  const stripe = person(environment);
  const customer = await stripe.customers.create({ name: 'Initech', email: 'billing@initech.test' }, { idempotencyKey: key() });
  const { basic } = await plans(environment);
  return stripe.subscriptions.create(
    { customer: customer.id, items: [{ price: basic, quantity: 2 }], collection_method: 'send_invoice', days_until_due: 30, ...(coupon ? { discounts: [{ coupon }] } : {}) },
    { idempotencyKey: key() },
  );
}

const couponBy = async (environment: ConformanceEnvironment, percent: number) =>
  (await person(environment).coupons.create({ percent_off: percent, duration: 'forever', name: `${percent}% off` }, { idempotencyKey: key() })).id;

/** A person's edit that a rollback of the agent's subscription change must keep: a seat count or a note. */
const keepsNote = async (environment: ConformanceEnvironment, resourceId: string) => {
  await person(environment).subscriptions.update(resourceId, { metadata: { note: 'renewal call booked' } }, { idempotencyKey: key() });
  return (state: unknown) => {
    if (JSON.stringify(field(state, 'metadata')) !== JSON.stringify({ note: 'renewal call booked' })) throw new Error(`the person's note was lost: ${JSON.stringify(state)}`);
  };
};

export const stripeConformanceCases: ConformanceCase[] = [
    {
      action: 'stripe.customer.create',
      arrange: async () => ({ name: 'ACME Corp', email: 'billing@acme.test', metadata: { plan: 'pro' } }),
      invalidInput: { email: 'not an email' },
      ...writes('POST', '/v1/customers'),
      humanEdit: async (environment, resource) => {
        await person(environment).customers.update(resource.id, { description: 'Key account, per Dana' }, { idempotencyKey: key() });
        return (state) => {
          if (field(state, 'description') !== 'Key account, per Dana') throw new Error(`the person's edit was lost: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.customer.update',
      arrange: async (environment) => {
        const customer = await person(environment).customers.create({ name: 'Globex', metadata: { tier: 'gold' } }, { idempotencyKey: key() });
        return { id: customer.id, name: 'Globex Inc', metadata: { tier: 'platinum', owner: 'agent' } };
      },
      invalidInput: { id: 'cus_1', metadata: { '': 'x' } },
      ...writes('POST', '/v1/customers/:id'),
      humanEdit: async (environment, resource) => {
        await person(environment).customers.update(resource.id, { email: 'ap@globex.test', metadata: { tier: 'silver' } }, { idempotencyKey: key() });
        return (state) => {
          // Dana's email and tier stay; the agent's name and owner key are undone.
          if (field(state, 'email') !== 'ap@globex.test' || JSON.stringify(field(state, 'metadata')) !== JSON.stringify({ tier: 'silver' }) || field(state, 'name') !== 'Globex') {
            throw new Error(`the rollback did not keep the person's edit and undo the agent's: ${JSON.stringify(state)}`);
          }
        };
      },
    },
    {
      action: 'stripe.coupon.create',
      arrange: async () => ({ name: 'Spring 20', percent_off: 20, duration: 'once' }),
      invalidInput: { name: 'Both kinds', percent_off: 20, amount_off: 500, currency: 'usd' },
      ...writes('POST', '/v1/coupons'),
      humanEdit: async (environment, resource) => {
        await person(environment).coupons.update(resource.id, { name: 'Spring (Dana)' }, { idempotencyKey: key() });
        return (state) => {
          // Renamed by a person, the coupon is theirs: it stays, with their name.
          if (field(state, 'name') !== 'Spring (Dana)' || field(state, 'valid') !== true) throw new Error(`the person's coupon was deleted or changed: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.promotion_code.create',
      arrange: async (environment) => {
        const coupon = await person(environment).coupons.create({ percent_off: 15, duration: 'once', name: '15 off' }, { idempotencyKey: key() });
        // The code is the test's own (an active code is unique in an account) and the same when replayed.
        return { coupon: coupon.id, code: `SPRING-${(environment as StripeConformanceEnvironment).runId.toUpperCase()}` };
      },
      invalidInput: { coupon: 'SPRING', code: 'no spaces allowed' },
      ...writes('POST', '/v1/promotion_codes'),
      // Stripe cannot delete a promotion code: what stays is the code, inactive, and nothing else.
      residue: (after) => {
        if (field(after, 'active') !== false) throw new Error(`the promotion code is still active: ${JSON.stringify(after)}`);
      },
      humanEdit: async (environment, resource) => {
        await person(environment).promotionCodes.update(resource.id, { metadata: { campaign: 'dana-spring' } }, { idempotencyKey: key() });
        return (state) => {
          if (field(state, 'active') !== false || JSON.stringify(field(state, 'metadata')) !== JSON.stringify({ campaign: 'dana-spring' })) throw new Error(`expected the code inactive with Dana's metadata: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.promotion_code.update',
      arrange: async (environment) => {
        const stripe = person(environment);
        const coupon = await stripe.coupons.create({ amount_off: 500, currency: 'usd', duration: 'once', name: '$5 off' }, { idempotencyKey: key() });
        const code = await stripe.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id } }, { idempotencyKey: key() });
        return { id: code.id, active: false };
      },
      invalidInput: { id: 'promo_1', active: 'no' },
      ...writes('POST', '/v1/promotion_codes/:id'),
      humanEdit: async (environment, resource) => {
        await person(environment).promotionCodes.update(resource.id, { metadata: { owner: 'dana' } }, { idempotencyKey: key() });
        return (state) => {
          if (field(state, 'active') !== true || JSON.stringify(field(state, 'metadata')) !== JSON.stringify({ owner: 'dana' })) throw new Error(`expected the code active again with Dana's metadata: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.refund.create',
      arrange: async (environment) => {
        const intent = await person(environment).paymentIntents.create({ amount: 4700, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, capture_method: 'automatic' }, { idempotencyKey: key() });
        return { payment_intent: intent.id, amount: 2500, currency: 'usd', reason: 'requested_by_customer' };
      },
      invalidInput: { payment_intent: 'pi_1', amount: -5, currency: 'usd' },
      ...writes('POST', '/v1/refunds'),
    },
    {
      action: 'stripe.payment_intent.capture',
      arrange: async (environment) => {
        const intent = await person(environment).paymentIntents.create({ amount: 12_000, currency: 'eur', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, capture_method: 'manual' }, { idempotencyKey: key() });
        return { id: intent.id, amount_to_capture: 10_000, currency: 'eur' };
      },
      invalidInput: { id: 'pi_1', amount_to_capture: 10.5, currency: 'eur' },
      ...writes('POST', '/v1/payment_intents/:id/capture'),
    },
    {
      action: 'stripe.payment_intent.cancel',
      arrange: async (environment) => {
        const intent = await person(environment).paymentIntents.create({ amount: 3000, currency: 'usd', payment_method: 'pm_card_visa', allowed_payment_method_types: ['card'], confirm: true, capture_method: 'manual' }, { idempotencyKey: key() });
        return { id: intent.id, cancellation_reason: 'abandoned' };
      },
      invalidInput: { id: 'pi_1', cancellation_reason: 'changed my mind' },
      ...writes('POST', '/v1/payment_intents/:id/cancel'),
    },
    {
      action: 'stripe.subscription.update_items',
      arrange: async (environment) => {
        const subscription = await subscribed(environment);
        return { id: subscription.id, items: [{ id: subscription.items.data[0]!.id, price: (await plans(environment)).pro, quantity: 5 }] };
      },
      invalidInput: { id: 'sub_1', items: [] },
      ...writes('POST', '/v1/subscriptions/:id'),
      humanEdit: async (environment, resource) => {
        // Dana adds a seat of another plan after the agent's change: it is hers and stays.
        const { basic } = await plans(environment);
        await person(environment).subscriptions.update(resource.id, { items: [{ price: basic, quantity: 1 }] }, { idempotencyKey: key() });
        return (state) => {
          const items = field(state, 'items') as { price: string; quantity: number }[];
          if (JSON.stringify(items) !== JSON.stringify([{ price: basic, quantity: 2 }, { price: basic, quantity: 1 }])) throw new Error(`expected the agent's change undone and Dana's item kept: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.subscription.set_cancel_at_period_end',
      arrange: async (environment) => ({ id: (await subscribed(environment)).id, cancel_at_period_end: true }),
      invalidInput: { id: 'sub_1', cancel_at_period_end: 'yes' },
      ...writes('POST', '/v1/subscriptions/:id'),
      humanEdit: (environment, resource) => keepsNote(environment, resource.id),
    },
    {
      action: 'stripe.subscription.cancel',
      arrange: async (environment) => ({ id: (await subscribed(environment)).id }),
      invalidInput: { id: 'cus_1' },
      ...writes('DELETE', '/v1/subscriptions/:id'),
    },
    {
      action: 'stripe.subscription.apply_discount',
      arrange: async (environment) => {
        const kept = await couponBy(environment, 10);
        return { id: (await subscribed(environment, kept)).id, coupon: await couponBy(environment, 100) };
      },
      invalidInput: { id: 'sub_1', coupon: 'FREE', promotion_code: 'promo_1' },
      ...writes('POST', '/v1/subscriptions/:id'),
      humanEdit: (environment, resource) => keepsNote(environment, resource.id),
    },
    {
      action: 'stripe.subscription.remove_discount',
      arrange: async (environment) => {
        const coupon = await couponBy(environment, 20);
        return { id: (await subscribed(environment, coupon)).id, coupon };
      },
      invalidInput: { id: 'sub_1' },
      ...writes('POST', '/v1/subscriptions/:id'),
      humanEdit: (environment, resource) => keepsNote(environment, resource.id),
    },
    {
      action: 'stripe.invoiceitem.create',
      arrange: async (environment) => {
        const customer = await person(environment).customers.create({ name: 'Umbrella' }, { idempotencyKey: key() });
        return { customer: customer.id, amount: 1500, currency: 'usd', description: 'Onboarding' };
      },
      invalidInput: { customer: 'cus_1', amount: 0, currency: 'usd' },
      ...writes('POST', '/v1/invoiceitems'),
      humanEdit: async (environment, resource) => {
        // Dana bills it: once the invoice is finalized the line is hers to keep, and Stripe would refuse the delete.
        const stripe = person(environment);
        const item = await stripe.invoiceItems.retrieve(resource.id);
        const invoice = await stripe.invoices.create({ customer: item.customer as string, pending_invoice_items_behavior: 'include' }, { idempotencyKey: key() });
        await stripe.invoices.finalizeInvoice(invoice.id, {}, { idempotencyKey: key() });
        return (state) => {
          if (field(state, 'invoice') !== invoice.id || field(state, 'amount') !== 1500) throw new Error(`the billed line was deleted or moved: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: 'stripe.invoice.void',
      arrange: async (environment) => {
        const stripe = person(environment);
        const customer = await stripe.customers.create({ name: 'Hooli' }, { idempotencyKey: key() });
        await stripe.invoiceItems.create({ customer: customer.id, amount: 9900, currency: 'usd' }, { idempotencyKey: key() });
        const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' }, { idempotencyKey: key() });
        await stripe.invoices.finalizeInvoice(invoice.id, {}, { idempotencyKey: key() });
        return { id: invoice.id };
      },
      invalidInput: { id: 'ii_1' },
      ...writes('POST', '/v1/invoices/:id/void'),
    },
];
