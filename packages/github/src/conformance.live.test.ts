// The conformance suite against the real GitHub API, when a user gives a token and a scratch repository:
//   BACKSPACE_LIVE_GITHUB_TOKEN=…  BACKSPACE_LIVE_GITHUB_REPO=you/scratch  [BACKSPACE_LIVE_GITHUB_HUMAN_TOKEN=…]
//   [BACKSPACE_LIVE_GITHUB_URL=https://ghe.example.com/api/v3]  [BACKSPACE_RECORD_GITHUB=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_GITHUB=fixtures/live.json. Never live in CI.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runLiveConformance } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment } from './conformance/environments.js';

runLiveConformance({
  name: 'github',
  variables: { required: ['REPO'], optional: ['URL'], explain: 'a token and an owner/name scratch repository it may write to' },
  secondUser: 'a token of another account with write access',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: githubConformanceCases,
  live: ({ TOKEN, REPO, HUMAN_TOKEN, URL }) => {
    if (!/^[^/\s]+\/[^/\s]+$/.test(REPO!)) throw new Error(`BACKSPACE_LIVE_GITHUB_REPO must be owner/name, got "${REPO}"`);
    return async () => apiEnvironment({ baseUrl: URL ?? 'https://api.github.com', repo: REPO!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
  },
  replayEnvironment,
});
