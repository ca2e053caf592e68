// Maps a failed `stripe` SDK call to Backspace's error: the kit's `fromSdkError` reads what every SDK's
// error carries (the status, headers, code, message, request id; a refused connection from the SDK's
// StripeConnectionError, its `detail`). Stripe's own rules on top: `Stripe-Should-Retry` decides retrying
// where Stripe sends it, and a key reused with other parameters (`idempotency_error`) is Backspace's
// `idempotency_conflict`, not a provider failure.
import { BackspaceError, fromSdkError, type ProviderCall } from '@backspace/core/adapter-kit';

/** What only Stripe's errors carry (StripeError): Stripe's error type, its parameter, the answer's headers. */
type StripeSdkError = { rawType?: string; code?: string; param?: string; headers?: Record<string, string> };

export function toProviderError(error: unknown, call: ProviderCall): BackspaceError {
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
