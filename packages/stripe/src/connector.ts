// The Stripe connector's descriptor: what the `backspace` CLI, the demo and the conformance suite need.
// The CLI finds it by the `backspace-connector` keyword in package.json. Its settings are the ones every
// connector takes (`connectorSettings`: baseUrl, timeoutMs).
import { defineConnector } from '@backspace/core/adapter-kit';
import { stripeAdapter, STRIPE_TOKEN_VARIABLE } from './adapter.js';

export const connector = defineConnector({
  name: 'stripe',
  title: 'Stripe',
  tokenVariable: STRIPE_TOKEN_VARIABLE,
  adapter: stripeAdapter,
  startSimulator: async () => (await import('./simulator/index.js')).createStripeSimulator(),
  demo: async () => (await import('./demo.js')).createStripeDemo(),
});

/** The Stripe adapter: its token `settings.token`, else STRIPE_SECRET_KEY; scrubbed from everything journaled. */
export const createStripeAdapter = connector.createAdapter;
