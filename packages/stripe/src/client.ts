// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). Every failure becomes a ProviderError.
// The SDK takes no signal per call: the kit's `stoppable` ends a call at once on the kill switch.
import Stripe from 'stripe';
import { doneWhenGone, nullWhenGone, stoppable } from '@backspace/core/adapter-kit';
import { toProviderError } from './provider-error.js';

export const STRIPE_API_VERSION = Stripe.API_VERSION;

export class StripeClient {
  readonly api: Stripe;

  constructor(private readonly token: string, baseUrl = 'https://api.stripe.com', timeoutMs = 30_000) {
    const url = new URL(baseUrl);
    const port = url.port ? { port: Number(url.port) } : {};
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    this.api = new Stripe(token, { apiVersion: STRIPE_API_VERSION, host: url.hostname, protocol, ...port, maxNetworkRetries: 0, timeout: timeoutMs, telemetry: false });
  }

  /** Runs one SDK call; `write` tells whether a lost answer leaves the outcome unknown. */
  call<T>(operation: string, write: boolean, request: (api: Stripe) => Promise<T>): Promise<T> {
    return stoppable({ provider: 'stripe', operation, write }, () => request(this.api), (error) => toProviderError(error, operation, write, [this.token]));
  }

  /** The object, or null when Stripe answers resource_missing (or it was deleted). */
  async find<T>(operation: string, request: (api: Stripe) => Promise<T>): Promise<T | null> {
    const found = await nullWhenGone(() => this.call(operation, false, request));
    return (found as { deleted?: boolean } | null)?.deleted === true ? null : found;
  }

  /** A delete an inverse runs, safe to run again; reports the object absent, so the answer alone verifies the step. */
  async remove(operation: string, request: (api: Stripe) => Promise<unknown>): Promise<{ observed: null }> {
    await doneWhenGone(() => this.call(operation, true, request));
    return { observed: null };
  }
}
