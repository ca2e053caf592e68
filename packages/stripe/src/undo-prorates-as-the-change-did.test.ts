// A subscription change the agent made without prorations (`proration_behavior: 'none'`) billed nobody
// for it; its undo must not bill anyone either. Undone with Stripe's default (prorations), it would leave
// a credit and a charge pending on the customer's next invoice that neither the change nor the report
// speaks of: money moved by the rollback itself. Read back through a person's Stripe client.
import { describe, expect, it } from 'vitest';
import { SEEDED_PRICES } from './simulator/index.js';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

describe('the undo of a subscription change made without prorations', () => {
  it('leaves no invoice item on the customer, the items back as they were', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Initech' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
    const item = subscription.items.data[0]!.id;
    const session = await agentSession();
    await session.run('stripe.subscription.update_items', { id: subscription.id, items: [{ id: item, price: SEEDED_PRICES.pro, quantity: 3 }, { price: SEEDED_PRICES.basic }], proration_behavior: 'none' });
    expect((await person.invoiceItems.list({ customer: customer.id })).data).toEqual([]);

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.update_items')).toBe('verified');
    const after = await person.subscriptions.retrieve(subscription.id);
    expect(after.items.data.map((entry) => [entry.id, entry.price.id, entry.quantity])).toEqual([[item, SEEDED_PRICES.basic, 1]]);
    expect((await person.invoiceItems.list({ customer: customer.id })).data.map((entry) => [entry.amount, entry.description])).toEqual([]);
  });

  it('still prorates the undo of a change that was prorated, and names what stays', async () => {
    const { agentSession, person, rollback } = await setup();
    const customer = await person.customers.create({ name: 'Globex' }, { idempotencyKey: key() });
    const subscription = await person.subscriptions.create({ customer: customer.id, items: [{ price: SEEDED_PRICES.basic }] }, { idempotencyKey: key() });
    const item = subscription.items.data[0]!.id;
    const session = await agentSession();
    await session.run('stripe.subscription.update_items', { id: subscription.id, items: [{ id: item, price: SEEDED_PRICES.pro }] });
    const made = (await person.invoiceItems.list({ customer: customer.id })).data.length;

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.subscription.update_items')).toBe('verified');
    expect((await person.invoiceItems.list({ customer: customer.id })).data.length).toBeGreaterThan(made);
    expect(report.residue.join('\n')).toMatch(/proration invoice items/);
  });
});
