// The Slack connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
import { connectorSettings, defineConnector } from '@backspace/core';
import { z } from 'zod';
import { APP_KINDS } from './app-kind.js';
import { createSlackAdapter, SLACK_TOKEN_VARIABLE } from './slack-adapter.js';

export const connector = defineConnector({
  name: 'slack',
  title: 'Slack',
  tokenVariable: SLACK_TOKEN_VARIABLE,
  // Slack's history limits depend on the app's kind (a non-Marketplace app: 1 read a minute, 15 messages).
  settings: connectorSettings.extend({ appKind: z.enum(APP_KINDS).optional() }).strict(),
  createAdapter: (options) => createSlackAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createSlackSimulator(),
  demo: async () => (await import('./simulator/index.js')).createSlackDemo(),
});
