// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). Every failure becomes a ProviderError.
// The SDK takes no signal per call, and its Node transport cannot drop a request: a call stops at once
// when the running call's signal (the kill switch) fires, and the request left behind is only waited out
// by nobody (a write already sent may still land: its outcome is unknown, and planning looks it up).
import Stripe from 'stripe';
import { callSignal, ProviderError } from '@backspace/core';
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
    const signal = callSignal();
    if (signal?.aborted) throw stopped(operation, false);
    try {
      return await (signal ? untilAborted(request(this.api), signal) : request(this.api));
    } catch (error) {
      // Stopped by the kill switch: not retried, and a write already sent may still land.
      if (signal?.aborted) throw stopped(operation, write);
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

  /**
   * A delete an inverse runs, safe to run again: an object already gone (a retry after a lost answer)
   * is the inverse's effect there. Reports the object absent, so the answer alone verifies the step.
   */
  async remove(operation: string, request: (api: Stripe) => Promise<unknown>): Promise<{ observed: null }> {
    try {
      await this.call(operation, true, request);
    } catch (error) {
      if ((error as { status?: number }).status !== 404) throw error;
    }
    return { observed: null };
  }
}

function stopped(operation: string, writeSent: boolean): ProviderError {
  return new ProviderError(`stripe ${operation}: stopped by the kill switch${writeSent ? '; the request was sent, and the write may still land' : ''}`, {
    provider: 'stripe',
    providerCode: 'aborted',
    isRetryable: false,
    outcomeUnknown: writeSent,
  });
}

/** The answer, or a rejection as soon as `signal` fires (the request itself runs on, unheard). */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
