// Stripe: customers, coupons and promotion codes, subscriptions (their items, cancel flag and discounts),
// invoice items, invoices, payment intents and refunds; a person on the official `stripe` SDK with their
// own key. The account starts with what the agent's actions work on and cannot make (subscriptions,
// invoices, payment intents), made by that person before the run's baseline.
import { createStripeAdapter } from '@backspace/stripe';
import { createStripeSimulator, SEEDED_PRICES } from '@backspace/stripe/simulator';
import { REGRESSION_SEEDS } from '../regressions.js';
import type { Rng } from '../rng.js';
import type { Item, World } from '../world.js';
import { providerSdk } from './sdk.js';
import type { ProviderKit } from './types.js';

/** The regression seeds found before people saved cards on customers. */
const FOUND_BEFORE_CARDS = new Set(REGRESSION_SEEDS.stripe!.filter(({ savesCards }) => !savesCards).map(({ seed }) => seed));

type StripeObject = Record<string, unknown> & { id: string; object: string };
type Params = Record<string, unknown>;
type Made = Promise<{ id: string; status?: string }>;
/** The part of the official SDK's client a person here uses (the workspace root does not depend on the SDK's types). */
interface StripePerson {
  prices: { create(params: Params): Made };
  customers: { create(params: Params): Made; update(id: string, params: Params): Made };
  subscriptions: { create(params: Params): Made; update(id: string, params: Params): Made };
  coupons: { create(params: Params): Made; update(id: string, params: Params): Made };
  promotionCodes: { create(params: Params): Made; update(id: string, params: Params): Made };
  invoiceItems: { create(params: Params): Made; del(id: string): Made };
  invoices: { create(params: Params): Made; finalizeInvoice(id: string): Made };
  paymentIntents: { create(params: Params): Made };
  paymentMethods: { attach(id: string, params: Params): Made };
}
type SubscriptionItem = { id: string; price: { id: string }; quantity: number };

const itemsOf = (subscription: StripeObject) => (subscription['items'] as { data: SubscriptionItem[] }).data;
const couponOf = (code: StripeObject) => (code['promotion'] as { coupon: string }).coupon;
/** A discount by what it came from, as a person sees it on the subscription (and as the adapter restores it). */
const sourceOf = (discount: StripeObject | undefined) => (discount?.['promotion_code'] ? `promotion_code:${String(discount['promotion_code'])}` : `coupon:${String((discount?.['source'] as { coupon?: string } | undefined)?.coupon)}`);
const str = (value: unknown) => (value === null || value === undefined ? 'null' : typeof value === 'object' ? JSON.stringify(value) : String(value));
const CANCELABLE = ['requires_payment_method', 'requires_capture', 'requires_confirmation', 'requires_action', 'processing'];

export const stripeKit: ProviderKit = {
  provider: 'stripe',
  async start(clock) {
    const simulator = await createStripeSimulator({ clock, rateLimit: false });
    const { tokens } = simulator;
    const { default: StripeSdk } = await providerSdk<{ default: new (key: string, options: Params) => StripePerson }>('stripe', 'stripe');
    const url = new URL(simulator.url);
    const person = new StripeSdk(tokens.human, { host: url.hostname, port: Number(url.port), protocol: url.protocol === 'http:' ? 'http' : 'https', maxNetworkRetries: 0, telemetry: false });
    const objects = () => [...simulator.inspect().objects.values()] as StripeObject[];
    const all = (kind: string) => objects().filter((found) => found.object === kind && found['deleted'] !== true);
    const customers = () => all('customer');
    const coupons = () => all('coupon');
    const liveSubscriptions = () => all('subscription').filter((found) => found['status'] !== 'canceled');
    const discountsOf = (subscription: StripeObject) => (subscription['discounts'] as string[]).map((id) => simulator.inspect().objects.get(id) as StripeObject | undefined);
    const refunded = (intent: StripeObject) => all('refund').filter((refund) => refund['payment_intent'] === intent.id).reduce((sum, refund) => sum + Number(refund['amount']), 0);

    // What the account holds before the run: plans, customers on them, a coupon and its code, invoices, payments.
    const seats = await person.prices.create({ currency: 'usd', unit_amount: 1000, recurring: { interval: 'month' }, product_data: { name: 'Seats' }, nickname: 'Seats' });
    const prices = [SEEDED_PRICES.basic, SEEDED_PRICES.pro, seats.id];
    const seeded: { id: string }[] = [];
    for (const [name, plan, quantity] of [['Acme Corp', SEEDED_PRICES.basic, 1], ['Globex', SEEDED_PRICES.pro, 3]] as const) {
      const customer = await person.customers.create({ name, email: `billing@${name.split(' ')[0]!.toLowerCase()}.example`, metadata: { segment: 'smb' } });
      seeded.push(customer);
      await person.subscriptions.create({ customer: customer.id, items: [{ price: plan, quantity }] });
    }
    const welcome = await person.coupons.create({ name: 'Welcome 10%', percent_off: 10, duration: 'forever' });
    await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: welcome.id }, code: 'WELCOME10' });
    await person.coupons.create({ name: 'Five off', amount_off: 500, currency: 'usd', duration: 'once' });
    const [acme, globex] = seeded as [{ id: string }, { id: string }];
    await person.invoiceItems.create({ customer: acme.id, amount: 1500, currency: 'usd', description: 'Setup fee' });
    await person.invoices.create({ customer: acme.id, pending_invoice_items_behavior: 'include' });
    await person.invoiceItems.create({ customer: globex.id, amount: 4200, currency: 'usd', description: 'Consulting' });
    const open = await person.invoices.create({ customer: globex.id, pending_invoice_items_behavior: 'include' });
    await person.invoices.finalizeInvoice(open.id);
    const payment = (customer: string, amount: number, capture: 'manual' | 'automatic', confirm = true) =>
      person.paymentIntents.create({ amount, currency: 'usd', customer, payment_method_types: ['card'], capture_method: capture, ...(confirm ? { payment_method: 'pm_card_visa', confirm: true } : {}) });
    await payment(acme.id, 5000, 'manual');
    await payment(globex.id, 12000, 'manual');
    await payment(acme.id, 8000, 'automatic');
    await payment(globex.id, 3000, 'automatic', false);

    const agentInput = async (action: string, rng: Rng, tag: string): Promise<unknown> => {
      const customer = customers().length ? rng.pick(customers()) : undefined;
      const subscriptions = liveSubscriptions();
      const subscription = subscriptions.length ? rng.pick(subscriptions) : undefined;
      switch (action) {
        case 'stripe.customer.create':
          return { name: `${tag} customer`, ...(rng.chance(0.5) ? { email: `${tag}@example.com` } : {}), ...(rng.chance(0.3) ? { metadata: { source: tag } } : {}) };
        case 'stripe.customer.update': {
          if (!customer) return undefined;
          const update: Record<string, unknown> = {};
          if (rng.chance(0.5)) update.name = `${tag} name`;
          if (rng.chance(0.3)) update.email = `${tag}@example.com`;
          if (rng.chance(0.2)) update.description = `${tag} description`;
          if (rng.chance(0.2)) update.phone = `+1555${rng.int(10_000_000)}`;
          if (rng.chance(0.3)) update.metadata = { [rng.pick(['segment', 'owner', 'tier'])]: tag };
          if (Object.keys(update).length === 0) update.name = `${tag} name`;
          return { id: customer.id, ...update };
        }
        case 'stripe.coupon.create': {
          const off = rng.chance(0.5) ? { percent_off: 5 + rng.int(40) } : { amount_off: 100 * (1 + rng.int(20)), currency: 'usd' };
          const duration = rng.pick(['once', 'forever', 'repeating'] as const);
          return { name: `${tag} coupon`, ...off, duration, ...(duration === 'repeating' ? { duration_in_months: 1 + rng.int(12) } : {}), ...(rng.chance(0.3) ? { id: `${tag}-coupon` } : {}) };
        }
        case 'stripe.promotion_code.create': {
          const found = coupons();
          if (!found.length) return undefined;
          return { coupon: rng.pick(found).id, code: `${tag}-code`, ...(customer && rng.chance(0.3) ? { customer: customer.id } : {}) };
        }
        case 'stripe.promotion_code.update': {
          // Stripe reactivates a code only while its coupon is valid and no other active code has its text.
          const codes = all('promotion_code').filter(
            (code) => code['active'] === true || (coupons().some((coupon) => coupon.id === couponOf(code)) && !all('promotion_code').some((other) => other.id !== code.id && other['active'] === true && String(other['code']).toLowerCase() === String(code['code']).toLowerCase())),
          );
          if (!codes.length) return undefined;
          const code = rng.pick(codes);
          return { id: code.id, active: code['active'] !== true };
        }
        case 'stripe.subscription.update_items': {
          if (!subscription) return undefined;
          const items = itemsOf(subscription);
          const unused = prices.filter((price) => !items.some((item) => item.price.id === price));
          if (unused.length && rng.chance(0.35)) return { id: subscription.id, items: [{ price: rng.pick(unused), ...(rng.chance(0.5) ? { quantity: 1 + rng.int(5) } : {}) }], ...(rng.chance(0.3) ? { proration_behavior: 'none' } : {}) };
          const item = rng.pick(items);
          const change = unused.length && rng.chance(0.5) ? { price: rng.pick(unused) } : { quantity: item.quantity + 1 + rng.int(4) };
          return { id: subscription.id, items: [{ id: item.id, ...change }], ...(rng.chance(0.3) ? { proration_behavior: 'none' } : {}) };
        }
        case 'stripe.subscription.set_cancel_at_period_end':
          return subscription ? { id: subscription.id, cancel_at_period_end: subscription['cancel_at_period_end'] !== true } : undefined;
        case 'stripe.subscription.cancel':
          return subscription ? { id: subscription.id } : undefined;
        case 'stripe.subscription.apply_discount': {
          if (!subscription) return undefined;
          const on = discountsOf(subscription).map(sourceOf);
          const byCoupon = coupons().filter((coupon) => coupon['valid'] === true && !on.includes(`coupon:${coupon.id}`));
          const byCode = all('promotion_code').filter(
            (code) => code['active'] === true && coupons().some((coupon) => coupon.id === couponOf(code)) && (code['customer'] === null || code['customer'] === subscription['customer']) && !on.includes(`promotion_code:${code.id}`),
          );
          if (byCode.length && (rng.chance(0.4) || !byCoupon.length)) return { id: subscription.id, promotion_code: rng.pick(byCode).id };
          return byCoupon.length ? { id: subscription.id, coupon: rng.pick(byCoupon).id } : undefined;
        }
        case 'stripe.subscription.remove_discount': {
          const withCoupons = subscriptions.filter((found) => discountsOf(found).some((discount) => discount && !discount['promotion_code']));
          if (!withCoupons.length) return undefined;
          const chosen = rng.pick(withCoupons);
          const discount = rng.pick(discountsOf(chosen).filter((found) => found && !found['promotion_code']));
          return { id: chosen.id, coupon: (discount!['source'] as { coupon: string }).coupon };
        }
        case 'stripe.invoiceitem.create': {
          if (!customer) return undefined;
          const drafts = all('invoice').filter((invoice) => invoice['status'] === 'draft' && invoice['customer'] === customer.id);
          return { customer: customer.id, amount: (rng.chance(0.2) ? -1 : 1) * 100 * (1 + rng.int(50)), currency: 'usd', description: `${tag} item`, ...(drafts.length && rng.chance(0.4) ? { invoice: rng.pick(drafts).id } : {}) };
        }
        case 'stripe.invoice.void': {
          const open = all('invoice').filter((invoice) => invoice['status'] === 'open');
          return open.length ? { id: rng.pick(open).id } : undefined;
        }
        case 'stripe.refund.create': {
          const paid = all('payment_intent').filter((intent) => intent['status'] === 'succeeded' && Number(intent['amount_received']) - refunded(intent) > 0);
          if (!paid.length) return undefined;
          const intent = rng.pick(paid);
          const left = Number(intent['amount_received']) - refunded(intent);
          return { payment_intent: intent.id, amount: rng.chance(0.5) ? left : 1 + rng.int(left), currency: String(intent['currency']), ...(rng.chance(0.4) ? { reason: 'requested_by_customer', metadata: { note: tag } } : {}) };
        }
        case 'stripe.payment_intent.capture': {
          const held = all('payment_intent').filter((intent) => intent['status'] === 'requires_capture');
          if (!held.length) return undefined;
          const intent = rng.pick(held);
          const capturable = Number(intent['amount_capturable']);
          return { id: intent.id, amount_to_capture: rng.chance(0.6) ? capturable : 1 + rng.int(capturable), currency: String(intent['currency']) };
        }
        case 'stripe.payment_intent.cancel': {
          const cancelable = all('payment_intent').filter((intent) => CANCELABLE.includes(String(intent['status'])));
          return cancelable.length ? { id: rng.pick(cancelable).id, ...(rng.chance(0.5) ? { cancellation_reason: 'requested_by_customer' } : {}) } : undefined;
        }
        default:
          throw new Error(`the Stripe incident kit has no input for ${action}`);
      }
    };

    const humanEdit = async (rng: Rng, tag: string): Promise<string> => {
      const found = customers();
      const customer = found.length ? rng.pick(found) : undefined;
      if (!customer) {
        await person.customers.create({ name: `${tag} customer` });
        return 'created a customer';
      }
      const subscriptions = liveSubscriptions();
      switch (rng.int(10)) {
        case 0: {
          // Now and then, instead, they save the newest customer's card on it (drawn apart, never in a seed
          // found before).
          if (!FOUND_BEFORE_CARDS.has(rng.seed) && rng.apart(3_000_000, tag).chance(0.6)) {
            const newer = found.at(-1)!;
            const card = await person.paymentMethods.attach('pm_card_visa', { customer: newer.id });
            return `saved card ${card.id} on customer ${newer.id}`;
          }
          await person.customers.update(customer.id, rng.chance(0.5) ? { name: `${tag} name` } : { metadata: { [rng.pick(['segment', 'owner', 'tier'])]: tag } });
          return `edited customer ${customer.id}`;
        }
        case 1: {
          const created = await person.subscriptions.create({ customer: customer.id, items: [{ price: rng.pick(prices), quantity: 1 + rng.int(3) }] });
          return `subscribed customer ${customer.id} (${created.id})`;
        }
        case 2: {
          const created = await person.invoiceItems.create({ customer: customer.id, amount: 100 * (1 + rng.int(30)), currency: 'usd', description: `${tag} item` });
          return `added invoice item ${created.id} to customer ${customer.id}`;
        }
        case 3: {
          const created = await person.paymentIntents.create({ amount: 1000 + 100 * rng.int(50), currency: 'usd', customer: customer.id, payment_method_types: ['card'], payment_method: 'pm_card_visa', confirm: true, capture_method: rng.chance(0.6) ? 'manual' : 'automatic', description: `${tag} payment` });
          return `took payment ${created.id} (${created.status}) from customer ${customer.id}`;
        }
        case 4: {
          const invoice = await person.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include', description: `${tag} invoice` });
          if (rng.chance(0.6)) await person.invoices.finalizeInvoice(invoice.id);
          return `invoiced customer ${customer.id} (${invoice.id})`;
        }
        case 5: {
          if (!subscriptions.length) return humanEdit(rng, tag);
          const subscription = rng.pick(subscriptions);
          if (rng.chance(0.5)) {
            const item = rng.pick(itemsOf(subscription));
            await person.subscriptions.update(subscription.id, { items: [{ id: item.id, quantity: item.quantity + 1 }] });
            return `raised a quantity on subscription ${subscription.id}`;
          }
          await person.subscriptions.update(subscription.id, { cancel_at_period_end: subscription['cancel_at_period_end'] !== true });
          return `flipped cancel_at_period_end on subscription ${subscription.id}`;
        }
        case 6: {
          const valid = coupons().filter((coupon) => coupon['valid'] === true);
          if (!valid.length || rng.chance(0.3)) {
            const coupon = await person.coupons.create({ name: `${tag} coupon`, percent_off: 15, duration: 'once' });
            return `made coupon ${coupon.id}`;
          }
          const coupon = rng.pick(valid);
          if (rng.chance(0.5)) {
            await person.coupons.update(coupon.id, { name: `${tag} coupon` });
            return `renamed coupon ${coupon.id}`;
          }
          const code = await person.promotionCodes.create({ promotion: { type: 'coupon', coupon: coupon.id }, code: `${tag}-code` });
          return `made promotion code ${code.id} for coupon ${coupon.id}`;
        }
        case 7: {
          const codes = all('promotion_code').filter((code) => code['active'] === true);
          if (!codes.length) return humanEdit(rng, tag);
          const code = rng.pick(codes);
          await person.promotionCodes.update(code.id, { active: false });
          return `deactivated promotion code ${code.id}`;
        }
        case 8: {
          const pending = all('invoiceitem').filter((item) => item['invoice'] === null && item['proration'] !== true);
          if (!pending.length || rng.chance(0.5)) {
            const created = await person.customers.create({ name: `${tag} customer`, email: `${tag}@people.example` });
            return `created customer ${created.id}`;
          }
          const item = rng.pick(pending);
          await person.invoiceItems.del(item.id);
          return `deleted invoice item ${item.id}`;
        }
        default: {
          const subscription = subscriptions.length ? rng.pick(subscriptions) : undefined;
          const valid = coupons().filter((coupon) => coupon['valid'] === true && subscription && !discountsOf(subscription).map(sourceOf).includes(`coupon:${coupon.id}`));
          if (!subscription || !valid.length) return humanEdit(rng, tag);
          const kept = (subscription['discounts'] as string[]).map((discount) => ({ discount }));
          const coupon = rng.pick(valid);
          await person.subscriptions.update(subscription.id, { discounts: [...kept, { coupon: coupon.id }] });
          return `applied coupon ${coupon.id} to subscription ${subscription.id}`;
        }
      }
    };

    /** Everything ever seen, so an object Stripe keeps only as `{ id, deleted: true }` keeps its container. */
    const seen = new Map<string, Item>();
    const observe = (): World => {
      const world: World = new Map();
      const records = simulator.inspect().objects;
      const put = (key: string, item: Item) => {
        world.set(key, item);
        seen.set(key, item);
      };
      const gone = (key: string, kind: string, names: string[]) => {
        const last = seen.get(key);
        world.set(key, { kind, alive: false, fields: {}, names: last?.names ?? names, ...(last?.container ? { container: last.container } : {}), ...(last?.identity ? { identity: last.identity } : {}) });
      };
      /** The named fields as strings, and one field per metadata key. */
      const fieldsOf = (object: StripeObject, names: string[]): Record<string, string> => {
        const fields: Record<string, string> = Object.fromEntries(names.map((field) => [field, str(object[field])]));
        for (const [key, value] of Object.entries((object['metadata'] ?? {}) as Record<string, string>)) fields[`metadata:${key}`] = value;
        return fields;
      };
      const contained = (customer: unknown) => (typeof customer === 'string' ? { container: `customer:${customer}` } : {});
      for (const [recordKey, object] of records as Map<string, StripeObject>) {
        const deleted = object['deleted'] === true;
        switch (object.object) {
          case 'customer': {
            const key = `customer:${object.id}`;
            if (deleted) {
              gone(key, 'customer', [`stripe.customer:${object.id}`]);
              break;
            }
            const fields = fieldsOf(object, ['name', 'email', 'description', 'phone']);
            // What was made for this customer: a person's subscription, invoice, item, payment or saved card is built on it.
            for (const other of records.values() as IterableIterator<StripeObject>) {
              if (other['customer'] === object.id && ['subscription', 'invoiceitem', 'invoice', 'payment_intent', 'payment_method'].includes(other.object)) fields[`${other.object}:${other.id}`] = 'yes';
            }
            put(key, { kind: 'customer', alive: true, fields, names: [`stripe.customer:${object.id}`], identity: str(object['name']) });
            break;
          }
          case 'coupon': {
            const key = `coupon:${object.id}`;
            // A deleted coupon is kept aside under `deleted:<id>`; a live one of the same id wins.
            if (recordKey !== object.id && records.has(object.id)) break;
            if (deleted) {
              gone(key, 'coupon', [`stripe.coupon:${object.id}`]);
              break;
            }
            const fields = fieldsOf(object, ['name', 'percent_off', 'amount_off', 'currency', 'duration', 'duration_in_months', 'valid']);
            for (const other of records.values() as IterableIterator<StripeObject>) if (other.object === 'promotion_code' && couponOf(other) === object.id) fields[`promotion_code:${other.id}`] = 'yes';
            put(key, { kind: 'coupon', alive: true, fields, names: [`stripe.coupon:${object.id}`], identity: `${str(object['name'])} ${object.id}` });
            break;
          }
          case 'promotion_code': {
            const fields = { ...fieldsOf(object, ['code', 'customer']), coupon: couponOf(object) };
            // Stripe never deletes a code: an inactive one is kept, readable, as archived.
            const active = object['active'] === true;
            put(`promotion_code:${object.id}`, { kind: 'promotion_code', alive: active, ...(active ? {} : { retained: true }), fields, names: [`stripe.promotion_code:${object.id}`, `promotion code ${String(object['code'])} `], identity: str(object['code']), container: `coupon:${couponOf(object)}` });
            break;
          }
          case 'subscription': {
            const fields = fieldsOf(object, ['customer', 'cancel_at_period_end']);
            for (const item of itemsOf(object)) fields[`item:${item.id}`] = `${item.price.id} x${item.quantity}`;
            for (const discount of (object['discounts'] as string[]).map((id) => records.get(id) as StripeObject | undefined)) fields[`discount:${sourceOf(discount)}`] = 'yes';
            const alive = object['status'] !== 'canceled';
            put(`subscription:${object.id}`, { kind: 'subscription', alive, ...(alive ? {} : { retained: true }), fields, names: [`stripe.subscription:${object.id}`], ...contained(object['customer']) });
            break;
          }
          case 'invoiceitem': {
            const key = `invoiceitem:${object.id}`;
            if (deleted) {
              gone(key, 'invoiceitem', [`stripe.invoiceitem:${object.id}`]);
              break;
            }
            const fields = fieldsOf(object, ['customer', 'amount', 'currency', 'description', 'invoice', 'proration']);
            const parent = (object['parent'] as { subscription_details?: { subscription: string; subscription_item: string } } | null)?.subscription_details;
            if (parent) fields['subscription_item'] = parent.subscription_item;
            // A proration Stripe made for a subscription change is told by that change's residue line (which
            // names no subscription: core puts a compensation's residue in the report as it is written) when
            // it was undone, and by the subscription's step when the change was left in place (a conflict):
            // the change stays whole, its prorations with it.
            const names = [`stripe.invoiceitem:${object.id}`, ...(parent ? ['the proration invoice items Stripe made for the change', `stripe.subscription:${parent.subscription}`] : [])];
            put(key, { kind: 'invoiceitem', alive: true, fields, names, identity: str(object['description']), ...contained(object['customer']) });
            break;
          }
          case 'invoice': {
            // Its totals follow its lines (each its own item): not anyone's value of their own.
            const fields = fieldsOf(object, ['customer', 'status', 'description', 'number']);
            // A void invoice stays, readable, as archived.
            const alive = object['status'] !== 'void';
            put(`invoice:${object.id}`, { kind: 'invoice', alive, ...(alive ? {} : { retained: true }), fields, names: [`stripe.invoice:${object.id}`], identity: str(object['description']), ...contained(object['customer']) });
            break;
          }
          case 'payment_intent': {
            const fields = fieldsOf(object, ['customer', 'status', 'amount', 'currency', 'amount_capturable', 'amount_received', 'description', 'cancellation_reason']);
            for (const other of records.values() as IterableIterator<StripeObject>) if (other.object === 'refund' && other['payment_intent'] === object.id) fields[`refund:${other.id}`] = 'yes';
            const alive = object['status'] !== 'canceled';
            put(`payment_intent:${object.id}`, { kind: 'payment_intent', alive, ...(alive ? {} : { retained: true }), fields, names: [`stripe.payment_intent:${object.id}`], identity: str(object['description']), ...contained(object['customer']) });
            break;
          }
          case 'refund': {
            const fields = fieldsOf(object, ['payment_intent', 'amount', 'currency', 'status', 'reason']);
            put(`refund:${object.id}`, { kind: 'refund', alive: true, fields, names: [`stripe.refund:${object.id}`], identity: JSON.stringify(object['metadata'] ?? {}), container: `payment_intent:${String(object['payment_intent'])}` });
            break;
          }
          default:
            break;
        }
      }
      return world;
    };

    return {
      provider: 'stripe',
      url: simulator.url,
      agentToken: tokens.agent,
      faults: simulator.faults,
      log: simulator.log,
      createAdapter: () => createStripeAdapter({ token: tokens.agent, baseUrl: simulator.url }),
      isWrite: (request) => request.method === 'POST' || request.method === 'DELETE',
      agentInput,
      humanEdit,
      observe,
      close: () => simulator.close(),
    };
  },
};
