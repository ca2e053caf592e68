// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). Every failure becomes a ProviderError.
import Stripe from 'stripe';
import { toProviderError } from './provider-error.js';

export const STRIPE_API_VERSION = Stripe.API_VERSION;
const DEFAULT_TIMEOUT_MS = 30_000;

export class StripeClient {
  readonly api: Stripe;

  constructor(
    private readonly token: string,
    baseUrl = 'https://api.stripe.com',
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ) {
    const url = new URL(baseUrl);
    this.api = new Stripe(token, {
      apiVersion: STRIPE_API_VERSION,
      host: url.hostname,
      protocol: url.protocol === 'http:' ? 'http' : 'https',
      ...(url.port ? { port: Number(url.port) } : {}),
      maxNetworkRetries: 0,
      timeout: timeoutMs,
      telemetry: false,
    });
  }

  /** Runs one SDK call; `write` tells whether a lost answer leaves the outcome unknown. */
  async call<T>(operation: string, write: boolean, request: (api: Stripe) => Promise<T>): Promise<T> {
    try {
      return await request(this.api);
    } catch (error) {
      throw toProviderError(error, operation, write, [this.token]);
    }
  }

  /** The object, or null when Stripe answers resource_missing (or it was deleted). */
  async find<T>(operation: string, request: (api: Stripe) => Promise<T>): Promise<T | null> {
    try {
      const found = await request(this.api);
      return (found as { deleted?: boolean }).deleted === true ? null : found;
    } catch (error) {
      if ((error as { statusCode?: number }).statusCode === 404) return null;
      throw toProviderError(error, operation, false, [this.token]);
    }
  }
}
