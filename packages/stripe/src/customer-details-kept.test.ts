// What a person adds on the agent's customer that deleting the customer would take away: an address or a
// shipping address, a tax ID, a saved card made its default for invoices, a legacy card source. The
// rollback keeps the customer as a conflict naming what they added, and never writes a person's address
// into the journal in clear. Read back through the person's Stripe client or the simulator's records.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { compensationOperations, ENTRY_TYPES, systemClock } from '@backspace/core';
import { createStripeAdapter } from './connector.js';
import { customerSnapshot } from './snapshot.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();
const CREATE = 'stripe.customer.create';
const address = { line1: '1 Infinite Loop', city: 'Cupertino', postal_code: '95014', state: 'CA', country: 'US' };

/** Every entry in the journal, the rollback's included, as stored. */
const wholeJournal = async (context: Awaited<ReturnType<typeof setup>>) => JSON.stringify(await context.runtime.journal.entriesOfType([...ENTRY_TYPES]));

async function agentCustomer(context: Awaited<ReturnType<typeof setup>>) {
  const session = await context.agentSession();
  const customer = (await session.run(CREATE, { name: 'Hooli', email: 'ap@hooli.example' })) as Stripe.Customer;
  return { session, customer };
}

describe('the agent’s customer a person filled in', () => {
  it('is kept with the billing address a person gave it, and the journal holds no address in clear', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { address }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/address/);
    expect(((await context.person.customers.retrieve(customer.id)) as Stripe.Customer).address).toMatchObject(address);
    // The report an operator reads (and the CLI prints) compares the address by its digest.
    expect(JSON.stringify(report)).not.toContain('Infinite Loop');
    expect(await wholeJournal(context)).not.toContain('Infinite Loop');
  });

  it('is updated by the agent without its address entering the journal (the pre-state holds a digest)', async () => {
    const context = await setup();
    const customer = await context.person.customers.create({ name: 'Globex', address, shipping: { name: 'Globex Dock 4', address } }, { idempotencyKey: key() });
    const session = await context.agentSession();
    await session.run('stripe.customer.update', { id: customer.id, description: 'enterprise' });

    const journaled = await wholeJournal(context);
    expect(journaled).toContain('enterprise');
    expect(journaled).not.toContain('Infinite Loop');
    expect(journaled).not.toContain('Globex Dock 4');
    const report = await context.rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.update')).toBe('verified');
    expect(context.record(customer.id)).toMatchObject({ description: null, address });
  });

  it('is kept with the shipping address a person gave it, not journaled in clear', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { shipping: { name: 'Hooli Receiving', address } }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/shipping/);
    expect(context.record(customer.id)).toMatchObject({ shipping: { name: 'Hooli Receiving' } });
    expect(JSON.stringify(report)).not.toContain('Hooli Receiving');
  });

  it('is kept when a person set an address and took it out again: they wrote it since', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { address }, { idempotencyKey: key() });
    await context.person.customers.update(customer.id, { address: '' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(context.record(customer.id)).not.toBeNull();
  });

  it('is kept with the tax ID a person registered on it', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const taxId = await context.person.customers.createTaxId(customer.id, { type: 'eu_vat', value: 'DE123456789' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(taxId.id);
    expect(await context.person.customers.retrieveTaxId(customer.id, taxId.id)).toMatchObject({ value: 'DE123456789' });
  });

  it('is kept with the card a person saved and made its default for invoices', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const card = await context.person.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { idempotencyKey: key() });
    await context.person.customers.update(customer.id, { invoice_settings: { default_payment_method: card.id } }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/default_payment_method/);
    expect(((await context.person.customers.retrieve(customer.id)) as Stripe.Customer).invoice_settings.default_payment_method).toBe(card.id);
    expect((await context.person.paymentMethods.retrieve(card.id)).customer).toBe(customer.id);
  });

  it('is kept with the legacy card source a person added', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    const source = await context.person.customers.createSource(customer.id, { source: 'tok_visa' }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toContain(source.id);
    expect(((await context.person.customers.retrieve(customer.id)) as Stripe.Customer).default_source).toBe(source.id);
    expect(context.record(source.id)).toMatchObject({ customer: customer.id });
  });

  it('is kept with the billing settings a person gave it: tax exemption, preferred locales, an invoice footer', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { tax_exempt: 'reverse', preferred_locales: ['de-DE'], invoice_settings: { footer: 'USt-IdNr. DE123456789', custom_fields: [{ name: 'PO', value: 'PO-7781' }] } }, { idempotencyKey: key() });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/tax_exempt, preferred_locales, invoice_settings/);
    expect(context.record(customer.id)).toMatchObject({ tax_exempt: 'reverse', preferred_locales: ['de-DE'], invoice_settings: { footer: 'USt-IdNr. DE123456789' } });
    expect(JSON.stringify(report)).not.toContain('PO-7781');
  });

  it('is deleted all the same when an operator forces the rollback over the address', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);
    await context.person.customers.update(customer.id, { address }, { idempotencyKey: key() });
    await context.runtime.endSession(session.id, { by: 'ops' });

    const report = await context.runtime.rollback(session.id, { force: true });
    expect(outcomeOf(report, CREATE)).toBe('verified');
    expect(context.record(customer.id)).toBeNull();
  });

  it('is still deleted when nobody added anything', async () => {
    const context = await setup();
    const { session, customer } = await agentCustomer(context);

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, CREATE)).toBe('verified');
    expect(context.record(customer.id)).toBeNull();
  });

  it('is kept by an inverse staged before its guard compared addresses (its input names no holdings): planning’s read shows the address', async () => {
    const { running, person, record } = await setup();
    const customer = await person.customers.create({ name: 'Old journal', address }, { idempotencyKey: key() });
    const adapter = createStripeAdapter({ token: running.tokens.agent, baseUrl: running.url });
    const remove = compensationOperations(adapter)['stripe.customer.delete']!;
    const pre = customerSnapshot((await person.customers.retrieve(customer.id)) as Stripe.Customer);
    const context = { client: adapter.client, idempotencyKey: 'compensate:old', clock: systemClock, pre };

    expect(await remove.run({ id: customer.id }, context)).toEqual({ keptBecause: expect.stringMatching(/address/) });
    expect(record(customer.id)).toMatchObject({ name: 'Old journal' });
    // Staged now, the guard compared the address at planning: the inverse runs only where planning (or an operator's force) let it.
    await remove.run({ id: customer.id, holdings: true }, context);
    expect(record(customer.id)).toBeNull();
  });
});
