// The Linear connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
import { connectorSettings, defineConnector } from '@backspace/core';
import { createLinearAdapter } from './linear-adapter.js';

export const connector = defineConnector({
  name: 'linear',
  title: 'Linear',
  tokenVariable: 'LINEAR_API_KEY',
  settings: connectorSettings,
  createAdapter: (options) => createLinearAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createLinearSimulator(),
  demo: async () => (await import('./simulator/index.js')).createLinearDemo(),
});
