// The agent's Stripe client: the official `stripe` SDK, pinned to the API version the SDK was built
// for, pointed at the configured host (the simulator's on loopback), with the SDK's own retries off so
// Backspace's runtime decides them (and journals them); the SDK still resends a request whose connection
// closed, which every keyed POST survives (Stripe replays it). The SDK takes no signal per call: the kit's
// `SdkClient` runs each call under the kill switch, maps its failure (`toProviderError`, the token
// scrubbed), and gives `find` (null when gone or deleted) and `remove` (safe to run again).
import Stripe from 'stripe';
import { BackspaceError, fromSdkError, SdkClient, type ProviderCall } from '@backspace/core/adapter-kit';

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

/** What only Stripe's errors carry (StripeError): Stripe's error type, its parameter, the answer's headers. */
type StripeSdkError = { rawType?: string; code?: string; param?: string; headers?: Record<string, string> };

/**
 * A failed SDK call as Backspace's error: the kit's `fromSdkError` reads what every SDK's error carries
 * (the status, headers, code, message, request id; a refused connection from the SDK's
 * StripeConnectionError, its `detail`). Stripe's own rules on top: `Stripe-Should-Retry` decides
 * retrying where Stripe sends it, and a key reused with other parameters (`idempotency_error`) is
 * Backspace's `idempotency_conflict`, not a provider failure.
 */
function toProviderError(error: unknown, call: ProviderCall): BackspaceError {
  const failure = (error ?? {}) as StripeSdkError;
  if (failure.rawType === 'idempotency_error') {
    return new BackspaceError('idempotency_conflict', `stripe ${call.operation}: the idempotency key was already used with other parameters (Stripe's idempotency_error); use a new key for a new call`, { cause: error });
  }
  const shouldRetry = failure.headers?.['stripe-should-retry'];
  return fromSdkError(error, call, {
    providerCode: failure.code ?? failure.rawType,
    details: { stripeType: failure.rawType, param: failure.param },
    ...(shouldRetry ? { overrides: { isRetryable: shouldRetry === 'true' } } : {}),
  });
}
