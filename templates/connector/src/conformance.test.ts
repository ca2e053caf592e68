// The shared conformance suite for __Title__ in one call: against the simulator (round trip, a dropped
// answer retried by key, 429s, a person's edit surviving rollback, bad input, forged inverses); the live
// mode exercised offline (the simulator behind its URL only, recorded, then replayed with no server);
// and against the real API when a user gives tokens (never in CI):
//   BACKSPACE_LIVE___NAME___TOKEN=…  [BACKSPACE_LIVE___NAME___HUMAN_TOKEN=…]  [BACKSPACE_LIVE___NAME___URL=…]
//   [BACKSPACE_RECORD___NAME__=fixtures/live.json], or offline: BACKSPACE_REPLAY___NAME__=fixtures/live.json.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runConnectorConformance, type ConformanceCase, type ConformanceEnvironment, type Replayed } from '@backspace/testkit';
import { connector } from './connector.js';
import { __Name__Client } from './client.js';
import { create__Name__Simulator } from './simulator/index.js';

/** The environment the cases use: the agent's adapter, and a person's own client on the same account. */
interface __Name__Environment extends ConformanceEnvironment {
  person: __Name__Client;
}

/** Through the public API only (live, or the simulator behind its URL): the item as a person reads it. */
function apiEnvironment(baseUrl: string, agentToken: string, humanToken: string, close: () => Promise<void> = async () => undefined, replayed?: Replayed): __Name__Environment {
  const person = new __Name__Client(humanToken, baseUrl);
  return {
    adapter: connector.createAdapter({ token: agentToken, baseUrl }),
    person,
    inspect: async (resource) => {
      const item = await person.get(resource.id);
      return item ? { title: item.title, body: item.body, status: item.status } : null;
    },
    recording: { baseUrl, meta: (replayed?.meta ?? {}) as never, secrets: [agentToken, humanToken] },
    close,
  };
}

async function simulatorEnvironment(): Promise<__Name__Environment> {
  const simulator = await create__Name__Simulator();
  return {
    adapter: connector.createAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url }),
    person: new __Name__Client(simulator.tokens.human, simulator.url),
    simulator: simulator as never,
    inspect: (resource) => simulator.inspectResource(resource),
    close: () => simulator.close(),
  };
}

const person = (environment: ConformanceEnvironment) => (environment as __Name__Environment).person;
let arranged = 0;

const cases: ConformanceCase[] = [
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
      const item = await person(environment).create({ title: 'Quarterly report' }, `arrange-${++arranged}`);
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
];

runConnectorConformance({
  name: '__name__',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'api.__name__.example',
    simulatorAsApi: async () => {
      const simulator = await create__Name__Simulator();
      return apiEnvironment(simulator.url, simulator.tokens.agent, simulator.tokens.human, () => simulator.close());
    },
    replayEnvironment: async (replayed) => apiEnvironment(replayed?.baseUrl ?? 'https://api.__name__.example', 'replayed-token', 'replayed-person-token', undefined, replayed),
  },
  live: {
    variables: { required: [], optional: ['URL'], explain: 'a token of a sandbox account' },
    secondUser: 'a token of another person on the same account',
    live: ({ TOKEN, HUMAN_TOKEN, URL }) => async () => apiEnvironment(URL ?? 'https://api.__name__.example', TOKEN!, HUMAN_TOKEN ?? TOKEN!),
  },
});
