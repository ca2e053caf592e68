// Maps @linear/sdk failures (LinearError subclasses, network failures) to Backspace's ProviderError.
import { LinearError, LinearErrorType, RatelimitedLinearError } from '@linear/sdk';
import { ProviderError, withoutSecrets } from '@backspace/core';

const RETRYABLE_TYPES = new Set<string>([LinearErrorType.Ratelimited, LinearErrorType.NetworkError, LinearErrorType.InternalError, LinearErrorType.LockTimeout]);

/**
 * Answers in which Linear said it refused the request, so a write did not happen. Anything else (a
 * lost or unparseable answer, an internal error, a lock timeout, an error the SDK cannot classify) may
 * follow a committed write: its outcome is unknown until the write is looked up by its key.
 */
const REFUSALS = new Set<string>([
  LinearErrorType.InvalidInput,
  LinearErrorType.Ratelimited,
  LinearErrorType.AuthenticationError,
  LinearErrorType.Forbidden,
  LinearErrorType.FeatureNotAccessible,
  LinearErrorType.GraphqlError,
  LinearErrorType.UserError,
  LinearErrorType.UsageLimitExceeded,
]);

interface RawResponse {
  status?: number;
  headers?: { get(name: string): string | null };
  errors?: Array<{ message?: string; extensions?: { code?: string; userPresentableMessage?: string } }>;
}

/** Whether the failure is Linear saying the entity does not exist (a read of something deleted). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === LinearErrorType.InvalidInput && /Entity not found/i.test(error.message);
}

/** Whether the failure is Linear refusing a create whose client-chosen id is taken: that keyed create already happened. */
export function isAlreadyExisting(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === LinearErrorType.InvalidInput && /Entity already exists/i.test(error.message);
}

/** The failure as a ProviderError, with every secret scrubbed from all it carries. */
export function toProviderError(error: unknown, secrets: string[]): unknown {
  return withoutSecrets(mapped(error), secrets);
}

function mapped(error: unknown): unknown {
  if (error instanceof ProviderError) return error;
  if (timedOut(error)) {
    // The adapter's own timeout aborted the request; it left, so a write may still land.
    return new ProviderError('linear: no answer in time; the request was aborted', { provider: 'linear', providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
  }
  if (!(error instanceof LinearError)) {
    // Not the SDK's own error (an answer it could not parse, a failure inside fetch): nothing says Linear refused.
    const message = error instanceof Error ? error.message : String(error);
    return new ProviderError(`linear: ${message}`, { provider: 'linear', providerCode: LinearErrorType.Unknown, isRetryable: true, outcomeUnknown: true });
  }
  const raw = (error.raw as { response?: RawResponse } | undefined)?.response;
  const status = error.status ?? raw?.status;
  // No HTTP status and no GraphQL errors: the request never got an answer (reset, refused, dropped).
  const network = status === undefined && !(error.errors?.length ?? 0);
  const type = network ? LinearErrorType.NetworkError : error.type;
  const retryAfterSeconds = error instanceof RatelimitedLinearError ? error.retryAfter : Number(raw?.headers?.get('retry-after') ?? NaN);
  const retryAfterMs = Number.isFinite(retryAfterSeconds) && retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined;
  const serverFailure = status !== undefined && status >= 500;
  const providerMessage = network ? `network failure: ${(error.raw as Error | undefined)?.message ?? error.message}` : error.message;
  return new ProviderError(`linear: ${providerMessage}`, {
    provider: 'linear',
    status: type === LinearErrorType.Ratelimited ? 429 : status,
    requestId: raw?.headers?.get('x-request-id') ?? undefined,
    providerCode: type,
    retryAfterMs,
    isRetryable: network || serverFailure || RETRYABLE_TYPES.has(type ?? '') || type === LinearErrorType.Unknown,
    // A write may have committed unless Linear answered that it refused it.
    outcomeUnknown: network || serverFailure || !REFUSALS.has(type ?? ''),
    details: { code: raw?.errors?.[0]?.extensions?.code },
  });
}

/** Whether fetch gave up on `AbortSignal.timeout`, as the SDK wraps it or not. */
function timedOut(error: unknown): boolean {
  const named = (value: unknown) => (value as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return named(error) || named((error as { raw?: unknown } | undefined)?.raw);
}
