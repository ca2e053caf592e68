// The conformance suite for Linear in one call: against the simulator; the live mode exercised offline (the
// simulator standing in for the real API behind its URL, recorded, then replayed with no server); and
// against the real API when a user gives a token and a sandbox (never in CI), or replayed from such a
// recording. Live, with a token and a sandbox:
//   BACKSPACE_LIVE_LINEAR_TOKEN=lin_api_…  BACKSPACE_LIVE_LINEAR_TEAM=<team id>  [BACKSPACE_LIVE_LINEAR_HUMAN_TOKEN=lin_api_…]
//   [BACKSPACE_RECORD_LINEAR=fixtures/linear-live.json]
// or offline from such a recording: BACKSPACE_REPLAY_LINEAR=fixtures/linear-live.json. Never live in CI.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runConnectorConformance } from '@backspace/testkit';
import { linearConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';

runConnectorConformance({
  name: 'linear',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: linearConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'api.linear.app',
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('linear.comment.create human-edit');
      const created = recording.tests['linear.issue.create round-trip']!.exchanges;
      expect(created.every((exchange) => `${exchange.method} ${String(exchange.path)}` === 'POST /graphql')).toBe(true);
      expect(created.map((exchange) => JSON.stringify(exchange.body))).toContainEqual(expect.stringContaining('issueCreate('));
    },
  },
  live: {
    variables: { required: ['TEAM'], explain: 'an API key and the id of a scratch team it may create issues in' },
    secondUser: 'an API key of another member of the workspace',
    live: ({ TOKEN, TEAM, HUMAN_TOKEN }) => {
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(TEAM!)) throw new Error(`BACKSPACE_LIVE_LINEAR_TEAM must be the team's id (a UUID), got "${TEAM}"`);
      return async () => apiEnvironment({ apiUrl: 'https://api.linear.app/graphql', teamId: TEAM!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
    },
  },
});
