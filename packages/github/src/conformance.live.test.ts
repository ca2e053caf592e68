// The conformance suite against the real GitHub API, when a user gives a token and a scratch repository:
//   BACKSPACE_LIVE_GITHUB_TOKEN=…  BACKSPACE_LIVE_GITHUB_REPO=you/scratch  [BACKSPACE_LIVE_GITHUB_HUMAN_TOKEN=…]
//   [BACKSPACE_LIVE_GITHUB_URL=https://ghe.example.com/api/v3]  [BACKSPACE_RECORD_GITHUB=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_GITHUB=fixtures/live.json. Never live in CI.
import { describe, it } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { readLiveSettings, readRecording, runAdapterConformance, type ConformanceCheck } from '@backspace/testkit';
import { githubConformanceCases } from './conformance/cases.js';
import { apiEnvironment } from './conformance/environments.js';

const settings = readLiveSettings('GITHUB', { required: ['TOKEN', 'REPO'], optional: ['HUMAN_TOKEN', 'URL'], explain: 'a token and an owner/name scratch repository it may write to' });
const NO_SECOND_USER: Partial<Record<ConformanceCheck, string>> = { 'human-edit': 'no second user: set BACKSPACE_LIVE_GITHUB_HUMAN_TOKEN to a token of another account with write access' };

if (settings.mode === 'off') {
  console.warn(`[conformance github live] skipped: ${settings.reason}`);
  describe('adapter conformance: github (live)', () => it.skip(`skipped: ${settings.reason}`, () => undefined));
} else if (settings.mode === 'live') {
  const { TOKEN, REPO, HUMAN_TOKEN, URL } = settings.values;
  if (!/^[^/\s]+\/[^/\s]+$/.test(REPO!)) throw new Error(`BACKSPACE_LIVE_GITHUB_REPO must be owner/name, got "${REPO}"`);
  runAdapterConformance({
    name: 'github (live)',
    mode: 'live',
    ...(settings.recording ? { recording: settings.recording } : {}),
    ...(HUMAN_TOKEN ? {} : { skipChecks: NO_SECOND_USER }),
    journal: () => createSqliteJournal({ path: ':memory:' }),
    setup: async () => apiEnvironment({ baseUrl: URL ?? 'https://api.github.com', repo: REPO!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN }),
    cases: githubConformanceCases,
  });
} else {
  const recorded = Object.keys(readRecording(settings.recording).tests);
  runAdapterConformance({
    name: 'github (replayed)',
    mode: 'replay',
    recording: settings.recording,
    ...(recorded.some((key) => key.endsWith(' human-edit')) ? {} : { skipChecks: NO_SECOND_USER }),
    journal: () => createSqliteJournal({ path: ':memory:' }),
    setup: async (replayed) => apiEnvironment({ baseUrl: 'https://api.github.com', repo: 'replayed/replayed', agentToken: 'replayed-token' }, undefined, replayed),
    cases: githubConformanceCases,
  });
}
