// The shared conformance suite for __Title__ in one call: against the simulator (round trip, a dropped
// answer retried by key, 429s, a person's edit surviving rollback, bad input, forged inverses); the live
// mode exercised offline (the simulator behind its URL only, recorded, then replayed with no server);
// and against the real API when a user gives tokens (never in CI):
//   BACKSPACE_LIVE___NAME___TOKEN=…  [BACKSPACE_LIVE___NAME___HUMAN_TOKEN=…]  [BACKSPACE_LIVE___NAME___URL=…]
//   [BACKSPACE_RECORD___NAME__=fixtures/live.json], or offline: BACKSPACE_REPLAY___NAME__=fixtures/live.json.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { connectorEnvironments, runConnectorConformance, type ConformanceCase, type ConformanceEnvironment, type ConnectorEnvironment } from '@backspace/testkit';
import { connector } from './connector.js';
import { __Name__Client } from './client.js';

/** The environments the cases run in, from the descriptor: the agent's adapter, and a person's own client on the same account. */
const environments = connectorEnvironments({
  connector,
  baseUrl: 'https://api.__name__.example',
  person: (baseUrl, token) => new __Name__Client(token, baseUrl),
  /** Through the public API only (live, or the simulator behind its URL): the item as a person reads it. */
  inspect: async (person, resource) => {
    const item = await person.get(resource.id);
    return item ? { title: item.title, body: item.body, status: item.status } : null;
  },
});

const person = (environment: ConformanceEnvironment) => (environment as ConnectorEnvironment<__Name__Client>).person;
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
  simulator: environments.simulator,
  recorded: {
    standsInFor: 'api.__name__.example',
    simulatorAsApi: environments.simulatorAsApi,
    replayEnvironment: environments.replayEnvironment,
  },
  live: {
    variables: { required: [], optional: ['URL'], explain: 'a token of a sandbox account' },
    secondUser: 'a token of another person on the same account',
    live: ({ TOKEN, HUMAN_TOKEN, URL }) => () => environments.live({ agentToken: TOKEN!, humanToken: HUMAN_TOKEN, baseUrl: URL }),
  },
});
