// @backspace/slack/simulator: the Slack Web API simulator and the Slack part of `backspace demo`.
export { createSlackSimulator, SLACK_AGENT_TOKEN, SLACK_HUMAN_TOKEN, SEED_TOPIC, type SlackSimulator, type SlackSimulatorOptions, type SlackSeed } from './slack-simulator.js';
export { inspectWorkspace, inspectChannel, inspectMessage, findInspectedMessage, type WorkspaceState } from './inspect.js';
export { Workspace, SlackApiError, type StoredMessage, type Channel, type ScheduledMessage } from './workspace.js';
export { createSlackDemo, INTERNAL_NOTE } from './demo.js';
export { historyLimits, type SlackAppKind } from './rate-limits.js';
