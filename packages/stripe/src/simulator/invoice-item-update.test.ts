// An invoice item updated (docs.stripe.com/api/invoiceitems/update): pending, or on a draft invoice, it
// takes a new amount, description, metadata, quantity or unit amount (its amount the unit amount times
// the quantity), and a draft's totals follow it; once its invoice is finalized Stripe refuses any update
// (400 `invoice_not_editable`) and the item and the invoice are as they were. Stripe has no event for an
// item updated. Asked for through the official SDK, as a person's integration would.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Stripe from 'stripe';
import { createStripeSimulator, type StripeSimulator } from './index.js';
import { refusal } from './refusal.js';
import { key, personOn } from '../test-support/person.js';

const fields = (item: Stripe.InvoiceItem) => ({
  amount: item.amount, description: item.description, metadata: item.metadata, quantity: item.quantity,
  unit_amount_decimal: String(item.pricing?.unit_amount_decimal), invoice: item.invoice,
});

describe('an invoice item updated', () => {
  let simulator: StripeSimulator;
  let stripe: Stripe;
  let customer: Stripe.Customer;
  const k = () => ({ idempotencyKey: key() });

  beforeAll(async () => {
    simulator = await createStripeSimulator({ rateLimit: false });
    stripe = personOn(simulator);
    customer = await stripe.customers.create({ name: 'ACME' }, k());
  });
  afterAll(() => simulator.close());

  it('pending or on a draft takes a new amount, description, metadata, quantity and unit amount, and the draft’s totals follow', async () => {
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 1500, currency: 'usd', description: 'Onboarding', metadata: { ticket: 'T-1' } }, k());
    const updated = await stripe.invoiceItems.update(item.id, { amount: 2500, description: 'Onboarding, extended', metadata: { ticket: '', hours: '5' } }, k());
    expect(fields(updated)).toEqual({ amount: 2500, description: 'Onboarding, extended', metadata: { hours: '5' }, quantity: 1, unit_amount_decimal: '2500', invoice: null });
    const seats = await stripe.invoiceItems.update(item.id, { quantity: 3, unit_amount_decimal: Stripe.Decimal.from('1200') }, k());
    expect(fields(seats)).toEqual({ ...fields(updated), amount: 3600, quantity: 3, unit_amount_decimal: '1200' });
    expect(fields(await stripe.invoiceItems.retrieve(item.id))).toEqual(fields(seats));
    const draft = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' }, k());
    expect(draft.total).toBe(3600);
    const fewer = await stripe.invoiceItems.update(item.id, { quantity: 2 }, k());
    expect([fewer.amount, fewer.invoice]).toEqual([2400, draft.id]);
    expect((await stripe.invoices.retrieve(draft.id)).total).toBe(2400);
    expect((await stripe.events.list({ limit: 100 })).data.map((event) => event.type)).not.toContain('invoiceitem.updated');
  });

  it('is refused once its invoice is finalized, and the item and the invoice are as they were', async () => {
    const item = await stripe.invoiceItems.create({ customer: customer.id, amount: 500, currency: 'usd', description: 'Setup' }, k());
    const invoice = await stripe.invoices.create({ customer: customer.id, pending_invoice_items_behavior: 'include' }, k());
    const finalized = await stripe.invoices.finalizeInvoice(invoice.id, {}, k());
    const notEditable = { statusCode: 400, type: 'StripeInvalidRequestError', code: 'invoice_not_editable' };
    expect(await refusal(stripe.invoiceItems.update(item.id, { amount: 900 }, k()))).toMatchObject(notEditable);
    expect(await refusal(stripe.invoiceItems.update(item.id, { description: 'Setup, waived', metadata: { waived: 'yes' } }, k()))).toMatchObject(notEditable);
    expect(fields(await stripe.invoiceItems.retrieve(item.id))).toEqual(fields({ ...item, invoice: invoice.id } as Stripe.InvoiceItem));
    expect((await stripe.invoices.retrieve(invoice.id)).total).toBe(finalized.total);
  });
});
