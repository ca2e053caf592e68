// Test helpers: a person's Stripe SDK client on the conformance environment (the simulator's, or any
// base URL: the real API, the simulator behind its URL, a recording's), and the count of writes that
// took effect in the simulator (a replayed answer takes none).
import { compilePathPattern } from '@backspace/simulator-kit';
import type { ConformanceEnvironment } from '@backspace/testkit';
import Stripe from 'stripe';
import { personKey, personOn } from '../simulator/person.js';
import { createStripeSimulator, type StripeSimulator } from '../simulator/index.js';

export { personOn, personKey as key };

/** A person's own official SDK client with their key, at `baseUrl` (host, port and protocol all taken from it). */
export function personAt(baseUrl: string, token: string): Stripe {
  const url = new URL(baseUrl);
  return new Stripe(token, {
    host: url.hostname,
    protocol: url.protocol === 'http:' ? 'http' : 'https',
    ...(url.port ? { port: Number(url.port) } : {}),
    // As personOn: a person's integration retries what Stripe says may be retried (a 429 in test mode).
    maxNetworkRetries: 3,
    telemetry: false,
  });
}

/** Writes that changed the account (replays excluded), to `method path` (a route pattern). */
export function appliedWrites(environment: ConformanceEnvironment, method: string, path: string): number {
  const pattern = compilePathPattern(path);
  return (environment.simulator as unknown as StripeSimulator).inspect().applied.filter((write) => write.method === method && pattern.match(write.path)).length;
}

/**
 * For the simulator's own tests: a simulator (no rate limit), a person's client on it, and a customer
 * (`name`) with a card saved on it (`pm_card_visa`).
 */
export async function customerWithCard(name = 'ACME'): Promise<{ simulator: StripeSimulator; stripe: Stripe; customer: Stripe.Customer; card: Stripe.PaymentMethod }> {
  const simulator = await createStripeSimulator({ rateLimit: false });
  const stripe = personOn(simulator);
  const customer = await stripe.customers.create({ name }, { idempotencyKey: personKey() });
  const card = await stripe.paymentMethods.attach('pm_card_visa', { customer: customer.id }, { idempotencyKey: personKey() });
  return { simulator, stripe, customer, card };
}
