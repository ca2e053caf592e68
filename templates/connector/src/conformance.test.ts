// The shared adapter conformance suite, run against the __Title__ simulator: for each action, do then
// undo; a dropped answer retried by key writes once; 429s are waited out; a person's later edit
// survives rollback; bad input never reaches the provider; forged inverses are refused.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runAdapterConformance, type ConformanceEnvironment } from '@backspace/testkit';
import { connector } from './connector.js';
import { __Name__Client } from './client.js';
import { create__Name__Simulator } from './simulator/index.js';

async function simulatorEnvironment(): Promise<ConformanceEnvironment> {
  const simulator = await create__Name__Simulator();
  return {
    adapter: connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
    simulator: simulator as never,
    inspect: (resource) => simulator.inspectResource(resource),
    close: () => simulator.close(),
  };
}

/** A person's own client on the simulator: their edits are theirs, not the agent's. */
const person = (environment: ConformanceEnvironment) => new __Name__Client(environment.simulator!.tokens.human, environment.simulator!.url);

runAdapterConformance({
  name: '__name__',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  setup: simulatorEnvironment,
  cases: [
    {
      action: '__name__.item.create',
      arrange: async () => ({ title: 'Follow up with ACME', body: 'by Friday' }),
      invalidInput: { title: '' },
      write: { method: 'POST', path: '/v1/items' },
      humanEdit: async (environment, resource) => {
        await person(environment).update(resource.id, { body: 'a person added this' });
        return (state) => {
          if ((state as { body?: string } | null)?.body !== 'a person added this') throw new Error(`the person's edit was lost: ${JSON.stringify(state)}`);
        };
      },
    },
    {
      action: '__name__.item.update',
      arrange: async (environment) => {
        const item = await person(environment).create({ title: 'Quarterly report' }, `arrange-${Math.random()}`);
        return { id: item.id, title: 'Quarterly report (agent)', status: 'done' };
      },
      invalidInput: { id: 'it_1' },
      write: { method: 'PATCH', path: '/v1/items/:id' },
      humanEdit: async (environment, resource) => {
        await person(environment).update(resource.id, { body: 'a person wrote this' });
        return (state) => {
          if ((state as { body?: string } | null)?.body !== 'a person wrote this') throw new Error(`the person's edit was lost: ${JSON.stringify(state)}`);
        };
      },
    },
  ],
});
