// The conformance suite against the real Slack Web API, when a user gives a bot token and a sandbox channel:
//   BACKSPACE_LIVE_SLACK_TOKEN=xoxb-…  BACKSPACE_LIVE_SLACK_CHANNEL=C…  [BACKSPACE_LIVE_SLACK_HUMAN_TOKEN=xoxp-…]
//   [BACKSPACE_LIVE_SLACK_URL=https://slack-gov.com/api/]  [BACKSPACE_RECORD_SLACK=fixtures/live.json]
// or offline from such a recording: BACKSPACE_REPLAY_SLACK=fixtures/live.json. Never live in CI.
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { runLiveConformance } from '@backspace/testkit';
import { slackConformanceCases, slackReplayedCases } from './conformance/cases.js';
import { apiEnvironment, replayEnvironment } from './conformance/environments.js';

runLiveConformance({
  name: 'slack',
  variables: { required: ['CHANNEL'], optional: ['URL'], explain: 'a bot token (xoxb-) and the id of a public sandbox channel the bot is in' },
  secondUser: 'a user token (xoxp-) of another member of the channel',
  journal: () => createSqliteJournal({ path: ':memory:' }),
  cases: slackConformanceCases,
  replayedCases: slackReplayedCases,
  live: ({ TOKEN, CHANNEL, HUMAN_TOKEN, URL }) => {
    if (!/^[CG][A-Z0-9]+$/.test(CHANNEL!)) throw new Error(`BACKSPACE_LIVE_SLACK_CHANNEL must be a channel id (C…, from the channel's details), got "${CHANNEL}"`);
    return async () => apiEnvironment({ baseUrl: URL ?? 'https://slack.com/api/', channel: CHANNEL!, agentToken: TOKEN!, humanToken: HUMAN_TOKEN });
  },
  replayEnvironment,
});
