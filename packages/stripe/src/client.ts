// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). The SDK takes no signal per call: the kit's
// `SdkClient` runs each call under the kill switch, maps its failure (`toProviderError`, the token
// scrubbed), and gives `find` (null when gone or deleted) and `remove` (safe to run again).
import Stripe from 'stripe';
import { fromSdkError, SdkClient, type BackspaceError, type ProviderCall } from '@backspace/core/adapter-kit';

export const STRIPE_API_VERSION = Stripe.API_VERSION;

export class StripeClient extends SdkClient<Stripe> {
  constructor(token: string, baseUrl = 'https://api.stripe.com', timeoutMs = 30_000) {
    const url = new URL(baseUrl);
    const port = url.port ? { port: Number(url.port) } : {};
    const protocol = url.protocol === 'http:' ? 'http' : 'https';
    const api = new Stripe(token, { apiVersion: STRIPE_API_VERSION, host: url.hostname, protocol, ...port, maxNetworkRetries: 0, timeout: timeoutMs, telemetry: false });
    // A retrieve of a deleted customer answers `{ deleted: true }`: for a snapshot, it is gone.
    super({ provider: 'stripe', api, secrets: [token], toError: toProviderError, deleted: (answer) => (answer as { deleted?: boolean }).deleted === true });
  }
}

/** What only Stripe's errors carry (StripeError): Stripe's error type and the parameter it names. */
type StripeSdkError = { rawType?: string; code?: string; param?: string };

/**
 * A failed SDK call as Backspace's error: the kit's `fromSdkError` reads what every SDK's error carries
 * (the status, headers, code, message, request id; a refused connection from the SDK's
 * StripeConnectionError, its `detail`) and follows `Stripe-Should-Retry` where Stripe sends it. Stripe's
 * own part: its error type and parameter, and a key reused with other parameters (`idempotency_error`).
 */
function toProviderError(error: unknown, call: ProviderCall): BackspaceError {
  const failure = (error ?? {}) as StripeSdkError;
  return fromSdkError(error, call, {
    providerCode: failure.code ?? failure.rawType,
    details: { stripeType: failure.rawType, param: failure.param },
    keyReused: failure.rawType === 'idempotency_error',
  });
}
