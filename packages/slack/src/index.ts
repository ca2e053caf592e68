// @backspace/slack: the Slack adapter (on @slack/web-api) for Backspace.
export { createSlackAdapter, slackActions, SLACK_TOKEN_VARIABLE, type SlackAdapter, type SlackAdapterSettings } from './slack-adapter.js';
export { SlackConnection, DEFAULT_CORRECTION_TEXT, type CorrectionStyle } from './connection.js';
export { toProviderError } from './slack-errors.js';
export { stoppableFetch } from './call-signal.js';
export { APP_KINDS, type SlackAppKind } from './app-kind.js';
export { messageRef, reactionRef, pinRef, channelRef, scheduledRef } from './resources.js';
export { hiddenMarker, keyInText } from './marker.js';
export { connector } from './connector.js';
