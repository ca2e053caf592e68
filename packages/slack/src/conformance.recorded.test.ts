// The live mode's machinery, offline: the suite through Slack's public Web API only against the
// simulator standing in for slack.com/api, recorded with nock's recorder, then replayed with no server.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runRecordedConformance } from '@backspace/testkit';
import { slackConformanceCases, slackReplayedCases } from './conformance/cases.js';
import { replayEnvironment, simulatorAsApi } from './conformance/environments.js';

runRecordedConformance({
  name: 'slack',
  standsInFor: 'slack.com/api',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: slackConformanceCases,
  replayedCases: slackReplayedCases,
  simulatorAsApi,
  replayEnvironment,
  checkRecording(recording) {
    expect(Object.keys(recording.tests)).toContain('slack.message.post human-edit');
    expect(recordedRequests(recording, 'slack.reaction.add round-trip')).toContain('POST /api/reactions.add');
  },
});
