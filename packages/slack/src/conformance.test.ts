// The conformance suite for Slack in one call: against the simulator; the live mode exercised offline (the
// simulator standing in for the real API behind its URL, recorded, then replayed with no server); and
// against the real API when a user gives a token and a sandbox (never in CI), or replayed from such a
// recording. Live, with a token and a sandbox:
//   BACKSPACE_LIVE_SLACK_TOKEN=xoxb-…  BACKSPACE_LIVE_SLACK_CHANNEL=C…  [BACKSPACE_LIVE_SLACK_HUMAN_TOKEN=xoxp-…]
//   [BACKSPACE_LIVE_SLACK_URL=https://slack-gov.com/api/]  [BACKSPACE_RECORD_SLACK=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_SLACK=fixtures/live.json. Never live in CI.
import { expect } from 'vitest';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { recordedRequests, runConnectorConformance } from '@backspace/testkit';
import { slackConformanceCases, slackReplayedCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment, simulatorAsApi, simulatorEnvironment } from './conformance/environments.js';

runConnectorConformance({
  name: 'slack',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: slackConformanceCases,
  simulator: simulatorEnvironment,
  recorded: {
    standsInFor: 'slack.com/api',
    replayedCases: slackReplayedCases,
    simulatorAsApi,
    replayEnvironment,
    checkRecording(recording) {
      expect(Object.keys(recording.tests)).toContain('slack.message.post human-edit');
      expect(recordedRequests(recording, 'slack.reaction.add round-trip')).toContain('POST /api/reactions.add');
    },
  },
  live: {
    variables: { required: ['CHANNEL'], optional: ['URL'], explain: 'a bot token (xoxb-) and the id of a public sandbox channel the bot is in' },
    secondUser: 'a user token (xoxp-) of another member of the channel',
    live: ({ TOKEN, CHANNEL, HUMAN_TOKEN, URL }) => {
      if (!/^[CG][A-Z0-9]+$/.test(CHANNEL!)) throw new Error(`BACKSPACE_LIVE_SLACK_CHANNEL must be a channel id (C…, from the channel's details), got "${CHANNEL}"`);
      return async () => apiEnvironment({ baseUrl: URL ?? 'https://slack.com/api/', channel: CHANNEL!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
    },
  },
});
