// The Asana connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
import { connectorSettings, defineConnector } from '@backspace/core';
import { ASANA_TOKEN_VARIABLE, createAsanaAdapter } from './adapter.js';

export const connector = defineConnector({
  name: 'asana',
  title: 'Asana',
  tokenVariable: ASANA_TOKEN_VARIABLE,
  settings: connectorSettings,
  createAdapter: (options) => createAsanaAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createAsanaSimulator(),
  demo: async () => (await import('./simulator/index.js')).createAsanaDemo(),
});
