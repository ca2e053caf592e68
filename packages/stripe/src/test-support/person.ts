// A person at the same Stripe account, acting through their own official SDK client (their own key,
// retrying a 429 as the SDK does when Stripe says it should), and the count of writes that took effect
// in the simulator (a replayed answer takes none).
import Stripe from 'stripe';
import { compilePathPattern } from '@backspace/simulator-kit';
import type { ConformanceEnvironment } from '@backspace/testkit';
import type { StripeSimulator } from '../simulator/index.js';

export function personOn(simulator: StripeSimulator): Stripe {
  const url = new URL(simulator.url);
  return new Stripe(simulator.tokens.human, { host: url.hostname, port: Number(url.port), protocol: 'http', maxNetworkRetries: 3, telemetry: false });
}

export const person = (environment: ConformanceEnvironment) => personOn(environment.simulator as unknown as StripeSimulator);

/** Writes that changed the account (replays excluded), to `method path` (a route pattern). */
export function appliedWrites(environment: ConformanceEnvironment, method: string, path: string): number {
  const pattern = compilePathPattern(path);
  return (environment.simulator as unknown as StripeSimulator).inspect().applied.filter((write) => write.method === method && pattern.match(write.path)).length;
}

/** A fresh key for a person's own writes, as their integration would make one. */
export const key = () => `person-${Math.random().toString(36).slice(2)}`;
