// The Notion connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
import { connectorSettings, defineConnector } from '@backspace/core';
import { createNotionAdapter, NOTION_TOKEN_VARIABLE } from './notion-adapter.js';

export const connector = defineConnector({
  name: 'notion',
  title: 'Notion',
  tokenVariable: NOTION_TOKEN_VARIABLE,
  settings: connectorSettings,
  createAdapter: (options) => createNotionAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createNotionSimulator(),
  demo: async () => (await import('./simulator/index.js')).createNotionDemo(),
});
