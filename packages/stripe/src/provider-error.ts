// Maps a failed `stripe` SDK call to Backspace's ProviderError. Stripe's own rules on top of the shared
// ones (which also read a refused connection from the SDK's StripeConnectionError, its `detail`):
// `Stripe-Should-Retry` decides retrying where Stripe sends it, and a key reused with other parameters (`idempotency_error`) is Backspace's `idempotency_conflict`, not a provider failure.
import { BackspaceError, ProviderError } from '@backspace/core/adapter-kit';

interface StripeSdkError {
  type?: string;
  rawType?: string;
  code?: string;
  param?: string;
  message?: string;
  statusCode?: number;
  headers?: Record<string, string | undefined>;
  requestId?: string;
}

export function toProviderError(error: unknown, operation: string, write: boolean, secrets: readonly string[]): BackspaceError {
  const failure = (error ?? {}) as StripeSdkError;
  if (failure.type === 'StripeIdempotencyError' || failure.rawType === 'idempotency_error') {
    return new BackspaceError('idempotency_conflict', `stripe ${operation}: the idempotency key was already used with other parameters (Stripe's idempotency_error); use a new key for a new call`, { cause: error });
  }
  const headers = failure.headers ?? {};
  const shouldRetry = headers['stripe-should-retry'];
  return ProviderError.fromResponse({
    provider: 'stripe',
    operation,
    write,
    status: failure.statusCode,
    headers,
    requestIdHeaders: ['request-id'],
    message: failure.message ?? String(error),
    providerCode: failure.code ?? failure.rawType,
    secrets,
    cause: error,
    details: { stripeType: failure.rawType, param: failure.param },
    ...(shouldRetry === 'true' || shouldRetry === 'false' ? { overrides: { isRetryable: shouldRetry === 'true' } } : {}),
  });
}
