// A subscription change makes proration invoice items that no undo takes back. When someone else puts the
// items back before the rollback, the agent's step reads already undone, and the prorations its change
// made still wait on the customer's next invoice: the report names them. Read back through a person's
// Stripe client.
import { describe, expect, it } from 'vitest';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

describe('the prorations of a subscription change someone else put back', () => {
  it('are named by the rollback, the step already undone', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Initech' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
    const item = subscription.items.data[0]!.id;
    const session = await agentSession();
    await session.run('stripe.subscription.update_items', { id: subscription.id, items: [{ id: item, price: SEEDED_PRICES.pro }] });
    const prorations = (await person.invoiceItems.list({ customer: customer.id })).data.map((entry) => entry.id);
    expect(prorations.length).toBeGreaterThan(0);
    // The customer calls back: a person moves them to Basic again, before anyone rolls the agent back.
    await person.subscriptions.update(subscription.id, { items: [{ id: item, price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.update_items')).toBe('skipped');
    const left = (await person.invoiceItems.list({ customer: customer.id })).data.map((entry) => entry.id);
    expect(left).toEqual(expect.arrayContaining(prorations));
    expect(report.residue).toContain(`the proration invoice items Stripe made for the change to subscription ${subscription.id} stay pending on the customer's next invoice`);
  });
});
