// The conformance suite against the real Linear API, when a user gives an API key and a scratch team:
//   BACKSPACE_LIVE_LINEAR_TOKEN=lin_api_…  BACKSPACE_LIVE_LINEAR_TEAM=<team id>  [BACKSPACE_LIVE_LINEAR_HUMAN_TOKEN=lin_api_…]
//   [BACKSPACE_RECORD_LINEAR=fixtures/linear-live.json]
// or offline from such a recording: BACKSPACE_REPLAY_LINEAR=fixtures/linear-live.json. Never live in CI.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runLiveConformance } from '@backspace/testkit';
import { linearConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment } from './conformance/environments.js';

runLiveConformance({
  name: 'linear',
  variables: { required: ['TEAM'], explain: 'an API key and the id of a scratch team it may create issues in' },
  secondUser: 'an API key of another member of the workspace',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: linearConformanceCases,
  live: ({ TOKEN, TEAM, HUMAN_TOKEN }) => {
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(TEAM!)) throw new Error(`BACKSPACE_LIVE_LINEAR_TEAM must be the team's id (a UUID), got "${TEAM}"`);
    return async () => apiEnvironment({ apiUrl: 'https://api.linear.app/graphql', teamId: TEAM!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
  },
  replayEnvironment,
});
