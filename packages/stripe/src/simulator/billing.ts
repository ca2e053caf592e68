// Billing (docs.stripe.com/api/subscriptions, /api/invoiceitems, /api/invoices): subscriptions whose
// items carry their own billing period (as since API 2025-03-31), prorations made as pending invoice
// items when a price or quantity changes mid-period, discounts from coupons or promotion codes (each
// redemption counted on the coupon), invoice items updatable and deletable while their invoice is a
// draft, and invoices finalized, then voided.
import { allowOnly, bool, currency, integer, list, named, nullable, oneOf, required, text, type Desk } from './desk.js';
import { fail, invalid, missing } from './errors.js';
import type { FormObject } from './form.js';
import { fromExample } from './from-example.js';
import { mergeMetadata, type StripeObject } from './objects.js';
import type { AddRoute } from './customers.js';

const PERIOD_SECONDS = 30 * 24 * 60 * 60;

/** Two prices every account in the simulator starts with: ACME's plans. */
export const SEEDED_PRICES = { basic: 'price_basicMonthly0000001', pro: 'price_proMonthly000000001' } as const;

export function seedPrices(desk: Desk): void {
  for (const [id, unitAmount, nickname] of [[SEEDED_PRICES.basic, 2000, 'Basic'], [SEEDED_PRICES.pro, 5000, 'Pro']] as const) {
    desk.state.objects.set(id, fromExample('price', { id, unit_amount: unitAmount, unit_amount_decimal: String(unitAmount), nickname, product: 'prod_acmePlans00001', transform_quantity: null }));
  }
}

const itemsOf = (subscription: StripeObject) => (subscription['items'] as { data: StripeObject[] }).data;
const amountOf = (item: StripeObject) => ((item['price'] as StripeObject)['unit_amount'] as number) * (item['quantity'] as number);

export function billingRoutes(add: AddRoute, desk: Desk): void {
  seedPrices(desk);
  const newItem = (subscription: string, price: StripeObject, quantity: number, start: number): StripeObject =>
    fromExample('subscription_item', { id: desk.id('si'), created: desk.now(), subscription, price, quantity, discounts: [], metadata: {}, tax_rates: [], current_period_start: start, current_period_end: start + PERIOD_SECONDS, billing_thresholds: null, plan: planOf(price) });

  /** The legacy `plan` Stripe still answers beside each item's price, made from that price. */
  const planOf = (price: StripeObject) => {
    const example = fromExample('subscription_item', { id: '' })['plan'] as Record<string, unknown>;
    return { ...example, id: price.id, amount: price['unit_amount'], amount_decimal: price['unit_amount_decimal'], currency: price['currency'], nickname: price['nickname'], product: price['product'], created: price['created'], metadata: {}, livemode: false, billing_scheme: 'per_unit', interval_count: 1, transform_usage: null };
  };

  /** A discount from `{ coupon }`, `{ promotion_code }` or an existing `{ discount }` already on the subscription (`discounts[index]`). */
  function discountFor(entry: FormObject, index: number, subscription: StripeObject): string {
    const reuse = text(entry, 'discount');
    if (reuse) {
      if (!(subscription['discounts'] as string[]).includes(reuse)) fail(invalid(`No such discount on this subscription: '${reuse}'`, 'discounts'));
      return reuse;
    }
    const promotionId = text(entry, 'promotion_code');
    const promotion = promotionId ? named(desk, 'promotion_code', promotionId, `discounts[${index}][promotion_code]`) : undefined;
    if (promotion && promotion['active'] !== true) fail(invalid(`This promotion code is not active: '${String(promotion['code'])}'`, 'discounts'));
    const couponParam = `discounts[${index}][${promotion ? 'promotion_code' : 'coupon'}]`;
    const couponId = promotion ? (promotion['promotion'] as { coupon: string }).coupon : required(text(entry, 'coupon'), couponParam);
    // A code's coupon deleted since is named by the code the request sent.
    const coupon = named(desk, 'coupon', couponId, couponParam);
    if (coupon['valid'] !== true) fail(invalid(`Coupon expired: ${couponId}`, 'discounts'));
    if (promotion && promotion['max_redemptions'] !== null && (promotion['times_redeemed'] as number) >= (promotion['max_redemptions'] as number)) fail(invalid(`This promotion code has been redeemed the maximum number of times: '${String(promotion['code'])}'`, 'discounts'));
    coupon['times_redeemed'] = (coupon['times_redeemed'] as number) + 1;
    // A coupon redeemed as often as its `max_redemptions` allows is no longer valid (docs.stripe.com/api/coupons/object#coupon_object-valid).
    if (coupon['max_redemptions'] !== null && (coupon['times_redeemed'] as number) >= (coupon['max_redemptions'] as number)) coupon['valid'] = false;
    if (promotion) promotion['times_redeemed'] = (promotion['times_redeemed'] as number) + 1;
    const id = desk.id('di');
    desk.state.objects.set(id, fromExample('discount', { id, start: desk.now(), end: null, customer: subscription['customer'], subscription: subscription.id, promotion_code: promotion?.id ?? null, source: { type: 'coupon', coupon: couponId } }));
    return id;
  }

  /** Prorations as Stripe makes them: a credit for the unused time on the old line, a charge for the rest on the new. */
  function prorate(subscription: StripeObject, item: StripeObject, before: number, after: number): void {
    const start = item['current_period_start'] as number;
    const end = item['current_period_end'] as number;
    const share = Math.max(0, end - desk.now()) / (end - start);
    for (const [amount, description] of [[-Math.round(before * share), 'Unused time'], [Math.round(after * share), 'Remaining time']] as const) {
      if (amount === 0) continue;
      const id = desk.id('ii');
      desk.state.objects.set(id, invoiceItem(id, { customer: subscription['customer'], amount, currency: subscription['currency'], description: `${description} on ${String((item['price'] as StripeObject)['nickname'])} after ${new Date(desk.now() * 1000).toISOString().slice(0, 10)}`, proration: true, period: { start: desk.now(), end }, parent: { type: 'subscription_details', subscription_details: { subscription: subscription.id, subscription_item: item.id } } }));
    }
  }

  function invoiceItem(id: string, fields: Record<string, unknown>): StripeObject {
    const amount = fields['amount'] as number;
    return fromExample('invoiceitem', { id, date: desk.now(), invoice: null, discountable: true, discounts: [], metadata: {}, proration: false, quantity: 1, quantity_decimal: '1', net_amount: amount, tax_rates: [], test_clock: null, parent: null, pricing: { type: 'price_details', unit_amount_decimal: String(amount) }, period: { start: desk.now(), end: desk.now() }, description: null, ...fields });
  }

  function expanded(subscription: StripeObject, params: FormObject): StripeObject {
    const expand = (list(params['expand']) ?? []) as string[];
    return expand.includes('discounts') ? { ...subscription, discounts: (subscription['discounts'] as string[]).map((id) => desk.state.objects.get(id)) } : subscription;
  }

  add('POST', '/v1/subscriptions', (params) => {
    allowOnly(params, ['customer', 'items', 'discounts', 'cancel_at_period_end', 'metadata', 'collection_method', 'days_until_due']);
    const customer = named(desk, 'customer', required(text(params, 'customer'), 'customer'), 'customer');
    const entries = (list(params['items']) ?? []) as FormObject[];
    if (entries.length === 0) fail(invalid('Missing required param: items.', 'items', 'parameter_missing'));
    const id = desk.id('sub');
    const now = desk.now();
    const items = entries.map((entry, index) => newItem(id, named(desk, 'price', required(text(entry, 'price'), `items[${index}][price]`), `items[${index}][price]`), integer(entry, 'quantity', { min: 1 }) ?? 1, now));
    const subscription = fromExample('subscription', {
      id, created: now, start_date: now, billing_cycle_anchor: now, customer: customer.id, status: 'active', currency: (items[0]!['price'] as StripeObject)['currency'],
      items: { object: 'list', data: items, has_more: false, url: `/v1/subscription_items?subscription=${id}` },
      cancel_at_period_end: false, cancel_at: null, canceled_at: null, ended_at: null, trial_end: null, trial_start: null, latest_invoice: null, discounts: [],
      metadata: mergeMetadata({}, params['metadata']), pending_update: null, schedule: null, pause_collection: null, test_clock: null, description: null, billing_cycle_anchor_config: null,
    });
    // Its discounts before it is kept: one Stripe cannot find refuses the request, and no subscription is made.
    if (params['discounts'] !== undefined) subscription['discounts'] = ((list(params['discounts']) ?? []) as FormObject[]).map((entry, index) => discountFor(entry, index, subscription));
    desk.state.objects.set(id, subscription);
    if (bool(params, 'cancel_at_period_end') === true) Object.assign(subscription, { cancel_at_period_end: true, cancel_at: now + PERIOD_SECONDS });
    return { status: 200, body: expanded(subscription, params) };
  });
  add('GET', '/v1/subscriptions/:id', (params, { id }) => ({ status: 200, body: expanded(desk.get('subscription', id!, 'id', 'subscription'), params) }));
  add('POST', '/v1/subscriptions/:id', (params, { id }) => {
    allowOnly(params, ['items', 'proration_behavior', 'cancel_at_period_end', 'discounts', 'metadata']);
    const subscription = desk.get('subscription', id!, 'id', 'subscription');
    if (subscription['status'] === 'canceled') fail(invalid('A canceled subscription can only update its cancellation_details and metadata.', undefined));
    const proration = oneOf(params, 'proration_behavior', ['create_prorations', 'none', 'always_invoice'] as const) ?? 'create_prorations';
    for (const [index, entry] of (((list(params['items']) ?? []) as FormObject[]).entries())) {
      const itemId = text(entry, 'id');
      const price = text(entry, 'price');
      const quantity = integer(entry, 'quantity', { min: 1 });
      if (!itemId) {
        const added = newItem(subscription.id, named(desk, 'price', required(price, `items[${index}][price]`), `items[${index}][price]`), quantity ?? 1, itemsOf(subscription)[0]!['current_period_start'] as number);
        itemsOf(subscription).push(added);
        if (proration !== 'none') prorate(subscription, added, 0, amountOf(added));
        continue;
      }
      const item = itemsOf(subscription).find((found) => found.id === itemId) ?? fail(invalid(`No such subscription item: '${itemId}'`, `items[${index}][id]`, 'resource_missing'));
      if (bool(entry, 'deleted') === true) {
        if (itemsOf(subscription).length === 1) fail(invalid('A subscription must have at least one active plan.', `items[${index}][deleted]`));
        if (proration !== 'none') prorate(subscription, item, amountOf(item), 0);
        itemsOf(subscription).splice(itemsOf(subscription).indexOf(item), 1);
        continue;
      }
      const before = amountOf(item);
      if (price !== undefined) item['price'] = named(desk, 'price', price, `items[${index}][price]`);
      if (quantity !== undefined) item['quantity'] = quantity;
      if (proration !== 'none' && amountOf(item) !== before) prorate(subscription, item, before, amountOf(item));
    }
    const cancelAtEnd = bool(params, 'cancel_at_period_end');
    if (cancelAtEnd !== undefined) Object.assign(subscription, { cancel_at_period_end: cancelAtEnd, cancel_at: cancelAtEnd ? itemsOf(subscription)[0]!['current_period_end'] : null });
    if (params['discounts'] !== undefined) {
      const kept = ((list(params['discounts']) ?? []) as FormObject[]).map((entry, index) => discountFor(entry, index, subscription));
      for (const dropped of (subscription['discounts'] as string[]).filter((found) => !kept.includes(found))) Object.assign(desk.state.objects.get(dropped)!, { end: desk.now() });
      subscription['discounts'] = kept;
    }
    if (params['metadata'] !== undefined) subscription['metadata'] = mergeMetadata(subscription['metadata'], params['metadata']);
    return { status: 200, body: expanded(subscription, params) };
  });
  add('DELETE', '/v1/subscriptions/:id', (params, { id }) => {
    allowOnly(params, ['invoice_now', 'prorate', 'cancellation_details']);
    const subscription = desk.get('subscription', id!, 'id', 'subscription');
    // Stripe treats a canceled subscription as gone for a second cancel: 404, resource_missing.
    if (subscription['status'] === 'canceled') fail(missing('subscription', id!));
    Object.assign(subscription, { status: 'canceled', canceled_at: desk.now(), ended_at: desk.now(), cancellation_details: { comment: null, feedback: null, reason: 'cancellation_requested' } });
    return { status: 200, body: subscription };
  });

  const expandInvoice = (item: StripeObject, params: FormObject) =>
    ((list(params['expand']) ?? []) as string[]).includes('invoice') && item['invoice'] ? { ...item, invoice: desk.state.objects.get(item['invoice'] as string) } : item;
  add('POST', '/v1/invoiceitems', (params) => {
    allowOnly(params, ['customer', 'amount', 'currency', 'description', 'invoice', 'subscription', 'metadata', 'discountable']);
    const customer = named(desk, 'customer', required(text(params, 'customer'), 'customer'), 'customer');
    const invoiceId = text(params, 'invoice');
    const invoice = invoiceId ? named(desk, 'invoice', invoiceId, 'invoice') : undefined;
    if (invoice) {
      if (invoice['status'] !== 'draft') fail(invalid(`You can only add invoice items to draft invoices; invoice ${invoiceId} is ${String(invoice['status'])}.`, 'invoice'));
    }
    const id = desk.id('ii');
    const item = invoiceItem(id, {
      customer: customer.id, amount: required(integer(params, 'amount', { min: -99_999_999 }), 'amount'), currency: required(currency(params), 'currency'), description: nullable(params, 'description', null),
      invoice: invoiceId ?? null, metadata: mergeMetadata({}, params['metadata']), discountable: bool(params, 'discountable') ?? true,
    });
    desk.state.objects.set(id, item);
    // A draft invoice's totals follow its lines, as they do when one is deleted.
    if (invoice) refreshTotals(invoice);
    return { status: 200, body: expandInvoice(item, params) };
  });
  add('GET', '/v1/invoiceitems/:id', (params, { id }) => ({ status: 200, body: expandInvoice(desk.get('invoiceitem', id!, 'id', 'invoiceitem'), params) }));
  // docs.stripe.com/api/invoiceitems/update: "only possible before the invoice it's attached to is closed".
  // Its amount is the unit amount times the quantity; an amount given is the whole line's.
  add('POST', '/v1/invoiceitems/:id', (params, { id }) => {
    allowOnly(params, ['amount', 'description', 'discountable', 'metadata', 'quantity', 'unit_amount_decimal']);
    const item = desk.get('invoiceitem', id!, 'id', 'invoiceitem');
    const invoice = item['invoice'] ? desk.state.objects.get(item['invoice'] as string) : undefined;
    if (invoice && invoice['status'] !== 'draft') fail(invalid(`Invoice item ${id} cannot be updated: it is on invoice ${invoice.id}, which is no longer a draft.`, undefined, 'invoice_not_editable'));
    const amount = integer(params, 'amount', { min: -99_999_999 });
    const unit = text(params, 'unit_amount_decimal');
    if (unit !== undefined && !/^-?\d+(\.\d{1,12})?$/.test(unit)) fail(invalid(`Invalid decimal: ${unit}`, 'unit_amount_decimal'));
    if (amount !== undefined && unit !== undefined) fail(invalid('You may only specify one of these parameters: amount, unit_amount_decimal.', 'unit_amount_decimal'));
    const quantity = integer(params, 'quantity') ?? (item['quantity'] as number);
    const pricing = item['pricing'] as { unit_amount_decimal: string | null };
    if (amount !== undefined || unit !== undefined || params['quantity'] !== undefined) {
      const unitAmount = amount === undefined ? (unit ?? pricing.unit_amount_decimal ?? String(item['amount'])) : String(quantity === 0 ? amount : Number((amount / quantity).toFixed(12)));
      const total = amount ?? Math.round(Number(unitAmount) * quantity);
      Object.assign(item, { amount: total, net_amount: total, quantity, quantity_decimal: String(quantity), pricing: { ...pricing, unit_amount_decimal: unitAmount } });
    }
    item['description'] = nullable(params, 'description', item['description']);
    item['discountable'] = bool(params, 'discountable') ?? item['discountable'];
    if (params['metadata'] !== undefined) item['metadata'] = mergeMetadata(item['metadata'], params['metadata']);
    if (invoice) refreshTotals(invoice);
    return { status: 200, body: expandInvoice(item, params) };
  });
  add('DELETE', '/v1/invoiceitems/:id', (_params, { id }) => {
    const item = desk.get('invoiceitem', id!, 'id', 'invoiceitem');
    const invoice = item['invoice'] ? desk.state.objects.get(item['invoice'] as string) : undefined;
    if (invoice && invoice['status'] !== 'draft') fail(invalid(`Invoice item ${id} cannot be deleted: it is on invoice ${invoice.id}, which is no longer a draft.`, undefined, 'invoice_not_editable'));
    desk.state.objects.set(id!, { id: id!, object: 'invoiceitem', deleted: true });
    if (invoice) refreshTotals(invoice);
    return { status: 200, body: { id: id!, object: 'invoiceitem', deleted: true } };
  });

  const linesOf = (invoice: StripeObject) => [...desk.state.objects.values()].filter((found) => found.object === 'invoiceitem' && found['deleted'] !== true && found['invoice'] === invoice.id);
  function refreshTotals(invoice: StripeObject): void {
    const total = linesOf(invoice).reduce((sum, line) => sum + (line['amount'] as number), 0);
    Object.assign(invoice, { subtotal: total, subtotal_excluding_tax: total, total, total_excluding_tax: total, amount_due: Math.max(0, total), amount_remaining: Math.max(0, total) });
  }
  add('POST', '/v1/invoices', (params) => {
    allowOnly(params, ['customer', 'pending_invoice_items_behavior', 'auto_advance', 'collection_method', 'days_until_due', 'description', 'metadata']);
    const customer = named(desk, 'customer', required(text(params, 'customer'), 'customer'), 'customer');
    const id = desk.id('in');
    const invoice = fromExample('invoice', {
      id, created: desk.now(), customer: customer.id, customer_name: customer['name'], customer_email: customer['email'], status: 'draft', number: null, currency: 'usd', auto_advance: bool(params, 'auto_advance') ?? false,
      description: nullable(params, 'description', null), metadata: mergeMetadata({}, params['metadata']), amount_paid: 0, lines: { object: 'list', data: [], has_more: false, url: `/v1/invoices/${id}/lines` },
      status_transitions: { finalized_at: null, marked_uncollectible_at: null, paid_at: null, voided_at: null }, hosted_invoice_url: null, invoice_pdf: null, parent: null, effective_at: null,
    });
    desk.state.objects.set(id, invoice);
    // Since API 2022-08-01 pending items are left out unless asked for.
    if (oneOf(params, 'pending_invoice_items_behavior', ['include', 'exclude'] as const) === 'include') {
      for (const item of desk.state.objects.values()) if (item.object === 'invoiceitem' && item['deleted'] !== true && item['customer'] === customer.id && item['invoice'] === null) item['invoice'] = id;
    }
    refreshTotals(invoice);
    return { status: 200, body: invoice };
  });
  add('GET', '/v1/invoices/:id', (_params, { id }) => ({ status: 200, body: desk.get('invoice', id!, 'invoice') }));
  add('POST', '/v1/invoices/:id/finalize', (params, { id }) => {
    allowOnly(params, ['auto_advance']);
    const invoice = desk.get('invoice', id!, 'invoice');
    if (invoice['status'] !== 'draft') fail(invalid(`This invoice is already finalized, you can't re-finalize a non-draft invoice.`, undefined, 'invoice_not_editable'));
    refreshTotals(invoice);
    Object.assign(invoice, { status: 'open', number: `${id!.slice(3, 11).toUpperCase()}-0001`, effective_at: desk.now(), status_transitions: { ...(invoice['status_transitions'] as object), finalized_at: desk.now() } });
    return { status: 200, body: invoice };
  });
  add('POST', '/v1/invoices/:id/void', (params, { id }) => {
    allowOnly(params, []);
    const invoice = desk.get('invoice', id!, 'invoice');
    if (invoice['status'] !== 'open' && invoice['status'] !== 'uncollectible') fail(invalid(`You can only void invoices that are open or uncollectible; this one is ${String(invoice['status'])}.`, undefined, 'invoice_not_editable'));
    Object.assign(invoice, { status: 'void', amount_remaining: 0, status_transitions: { ...(invoice['status_transitions'] as object), voided_at: desk.now() } });
    return { status: 200, body: invoice };
  });
}
