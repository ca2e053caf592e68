// The conformance suite for GitHub in one call: against the simulator; the live mode exercised offline (the
// simulator standing in for the real API behind its URL, recorded, then replayed with no server); and
// against the real API when a user gives a token and a sandbox (never in CI), or replayed from such a
// recording. Live, with a token and a sandbox:
//   BACKSPACE_LIVE_GITHUB_TOKEN=…  BACKSPACE_LIVE_GITHUB_REPO=you/scratch  [BACKSPACE_LIVE_GITHUB_HUMAN_TOKEN=…]
//   [BACKSPACE_LIVE_GITHUB_URL=https://ghe.example.com/api/v3]  [BACKSPACE_RECORD_GITHUB=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_GITHUB=fixtures/live.json. Never live in CI.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runConnectorConformance } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';

runConnectorConformance({
  name: 'github',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: githubConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'api.github.com',
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('github.issue.create human-edit');
      expect(recordedRequests(recording, 'github.issue.create round-trip')).toContain('POST /repos/octo-org/widgets/issues');
    },
  },
  live: {
    variables: { required: ['REPO'], optional: ['URL'], explain: 'a token and an owner/name scratch repository it may write to' },
    secondUser: 'a token of another account with write access',
    live: ({ TOKEN, REPO, HUMAN_TOKEN, URL }) => {
      if (!/^[^/\s]+\/[^/\s]+$/.test(REPO!)) throw new Error(`BACKSPACE_LIVE_GITHUB_REPO must be owner/name, got "${REPO}"`);
      return async () => apiEnvironment({ baseUrl: URL ?? 'https://api.github.com', repo: REPO!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
    },
  },
});
