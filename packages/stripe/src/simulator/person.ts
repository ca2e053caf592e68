// A person at the same Stripe account, acting through their own official SDK client on the simulator
// (their own key, retrying a 429 as the SDK does when Stripe says it should): the demo's billing lead,
// and the tests' independent actor.
import Stripe from 'stripe';
import type { StripeSimulator } from './stripe-simulator.js';

export function personOn(simulator: Pick<StripeSimulator, 'url' | 'tokens'>): Stripe {
  const url = new URL(simulator.url);
  return new Stripe(simulator.tokens.human, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 3, telemetry: false });
}

/** A fresh key for a person's own write, as their integration would make one. */
export const personKey = () => `person-${Math.random().toString(36).slice(2)}`;
