// Maps a failed `stripe` SDK call to Backspace's ProviderError. Stripe's own rules on top of the shared
// ones (which also read a refused connection from the SDK's StripeConnectionError, its `detail`):
// `Stripe-Should-Retry` decides retrying where Stripe sends it, and a key reused with other parameters (`idempotency_error`) is Backspace's `idempotency_conflict`, not a provider failure.
import { BackspaceError, ProviderError } from '@backspace/core/adapter-kit';

/** What the SDK's errors carry (StripeError): the answer's status and headers, Stripe's error type, code and parameter. */
type StripeSdkError = { rawType?: string; code?: string; param?: string; message?: string; statusCode?: number; headers?: Record<string, string> };

export function toProviderError(error: unknown, operation: string, write: boolean, secrets: readonly string[]): BackspaceError {
  const failure = (error ?? {}) as StripeSdkError;
  if (failure.rawType === 'idempotency_error') {
    return new BackspaceError('idempotency_conflict', `stripe ${operation}: the idempotency key was already used with other parameters (Stripe's idempotency_error); use a new key for a new call`, { cause: error });
  }
  const shouldRetry = failure.headers?.['stripe-should-retry'];
  return ProviderError.fromResponse({
    provider: 'stripe',
    operation,
    write,
    status: failure.statusCode,
    headers: failure.headers,
    message: failure.message ?? String(error),
    providerCode: failure.code ?? failure.rawType,
    secrets,
    cause: error,
    details: { stripeType: failure.rawType, param: failure.param },
    ...(shouldRetry ? { overrides: { isRetryable: shouldRetry === 'true' } } : {}),
  });
}
