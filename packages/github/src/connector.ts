// The GitHub connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
import { connectorSettings, defineConnector } from '@backspace/core';
import { createGithubAdapter, GITHUB_TOKEN_VARIABLE } from './github-adapter.js';

export const connector = defineConnector({
  name: 'github',
  title: 'GitHub',
  tokenVariable: GITHUB_TOKEN_VARIABLE,
  settings: connectorSettings,
  createAdapter: (options) => createGithubAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createGithubSimulator(),
  demo: async () => (await import('./simulator/index.js')).createGithubDemo(),
});
