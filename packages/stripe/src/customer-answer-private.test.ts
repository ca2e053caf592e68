// The agent's update of a person's customer answers with the whole customer, and the journal keeps that
// answer: what the person wrote on it for their invoices (custom fields such as a purchase order number, a
// footer with their VAT number) must not reach the journal in clear, as the customer's snapshots already
// hold them only as a digest. Read back through the journal's own entries and the simulator's records.
import { describe, expect, it } from 'vitest';
import { ENTRY_TYPES } from '@backspace/core';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

describe('the agent’s update of a person’s customer', () => {
  it('journals none of the invoice settings the person gave the customer, and is undone', async () => {
    const context = await setup();
    const customer = await context.person.customers.create({ name: 'Initrode' }, { idempotencyKey: key() });
    await context.person.customers.update(customer.id, { invoice_settings: { footer: 'VAT DE811907980', custom_fields: [{ name: 'PO', value: 'PO-55123' }] } }, { idempotencyKey: key() });
    const session = await context.agentSession();
    await session.run('stripe.customer.update', { id: customer.id, description: 'renewal due' });

    const report = await context.rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.update')).toBe('verified');
    expect(context.record(customer.id)).toMatchObject({ description: null, invoice_settings: { footer: 'VAT DE811907980', custom_fields: [{ name: 'PO', value: 'PO-55123' }] } });
    const journal = JSON.stringify(await context.runtime.journal.entriesOfType([...ENTRY_TYPES]));
    expect(journal).toContain('renewal due');
    expect(journal).not.toContain('PO-55123');
    expect(journal).not.toContain('DE811907980');
  });
});
