// The Stripe connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
// The CLI finds it by the `backspace-connector` keyword in package.json.
import { connectorSettings, defineConnector } from '@backspace/core';
import { createStripeAdapter, STRIPE_TOKEN_VARIABLE } from './adapter.js';

export const connector = defineConnector({
  name: 'stripe',
  title: 'Stripe',
  tokenVariable: STRIPE_TOKEN_VARIABLE,
  settings: connectorSettings,
  createAdapter: (options) => createStripeAdapter(options),
  startSimulator: async () => (await import('./simulator/index.js')).createStripeSimulator(),
  demo: async () => (await import('./demo.js')).createStripeDemo(),
});
