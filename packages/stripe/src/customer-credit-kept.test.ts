// A person who gives the agent's customer a credit (its balance, which the customer's next invoices take
// up) has put money on it: deleting the customer would take the credit with it. The rollback keeps the
// customer, with its balance, and says why. Read back through the person's Stripe client.
import { describe, expect, it } from 'vitest';
import type Stripe from 'stripe';
import { key } from './test-support/person.js';
import { outcomeOf, stripeRollbackScenario } from './test-support/rollback.js';

const setup = stripeRollbackScenario();

describe('the agent’s customer a person credited', () => {
  it('is kept with its credit', async () => {
    const { agentSession, person, rollback } = await setup();
    const session = await agentSession();
    const customer = (await session.run('stripe.customer.create', { name: 'Hooli', email: 'ap@hooli.example' })) as Stripe.Customer;
    // Support gives the customer $50 of goodwill credit toward their next invoice.
    await person.customers.update(customer.id, { balance: -5000 }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(report.steps[0]?.reason).toMatch(/balance/);
    expect((await person.customers.retrieve(customer.id)) as Stripe.Customer).toMatchObject({ name: 'Hooli', balance: -5000 });
  });

  it('is kept when the credit was given and then used up by hand: someone else wrote its balance since', async () => {
    const { agentSession, person, rollback } = await setup();
    const session = await agentSession();
    const customer = (await session.run('stripe.customer.create', { name: 'Aviato' })) as Stripe.Customer;
    await person.customers.update(customer.id, { balance: -2500 }, { idempotencyKey: key() });
    await person.customers.update(customer.id, { balance: 0 }, { idempotencyKey: key() });

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('conflict');
    expect(await person.customers.retrieve(customer.id)).not.toHaveProperty('deleted');
  });

  it('is still deleted when nobody touched its balance', async () => {
    const { agentSession, record, rollback } = await setup();
    const session = await agentSession();
    const customer = (await session.run('stripe.customer.create', { name: 'Endframe' })) as Stripe.Customer;

    const report = await rollback(session.id);
    expect(outcomeOf(report, 'stripe.customer.create')).toBe('verified');
    expect(record(customer.id)).toBeNull();
  });
});
