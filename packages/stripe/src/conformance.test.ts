// The shared adapter conformance suite, run against the Stripe simulator: for each action, do then
// undo; a dropped answer retried by key writes once (Stripe replays its stored answer); 429s are waited
// out; a person's later edit, made through their own Stripe SDK client, survives rollback; bad input
// never reaches Stripe; forged inverses are refused.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance, type ConformanceEnvironment } from '@backspace/testkit';
import { connector } from './connector.js';
import { createStripeSimulator } from './simulator/index.js';
import { appliedWrites, key, person } from './test-support/person.js';

async function simulatorEnvironment(): Promise<ConformanceEnvironment> {
  const simulator = await createStripeSimulator();
  return {
    adapter: connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
    simulator: simulator as never,
    inspect: (resource) => simulator.inspectResource(resource),
    close: () => simulator.close(),
  };
}

/** The write's effects, counted in the simulator's records: a request replayed by key changes nothing. */
const writes = (method: string, path: string) => ({ write: { method, path }, countWrites: (environment: ConformanceEnvironment) => appliedWrites(environment, method, path) });

const field = (state: unknown, name: string) => (state as Record<string, unknown> | null)?.[name];

runAdapterConformance({
  name: 'stripe',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: [
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
  ],
});
