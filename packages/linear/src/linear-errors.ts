// Maps @linear/sdk failures (LinearError subclasses, network failures) to Backspace's ProviderError
// through core's `ProviderError.fromResponse`. Linear's own rule on top: it refuses with HTTP 200 or 400,
// and the GraphQL error's type (RATELIMITED, INVALID_INPUT, ...) says whether to retry and whether a write happened.
import { LinearError, LinearErrorType } from '@linear/sdk';
import { ProviderError, withoutSecrets } from '@backspace/core';

const { Ratelimited, NetworkError, InternalError, LockTimeout, Unknown, InvalidInput, AuthenticationError, Forbidden, FeatureNotAccessible, GraphqlError, UserError, UsageLimitExceeded } = LinearErrorType;
const RETRYABLE_TYPES = new Set<string>([Ratelimited, NetworkError, InternalError, LockTimeout, Unknown]);

/**
 * Answers in which Linear said it refused the request, so a write did not happen. Anything else (a
 * lost or unparseable answer, an internal error, a lock timeout, an error the SDK cannot classify) may
 * follow a committed write: its outcome is unknown until the write is looked up by its key.
 */
const REFUSALS = new Set<string>([InvalidInput, Ratelimited, AuthenticationError, Forbidden, FeatureNotAccessible, GraphqlError, UserError, UsageLimitExceeded]);

interface RawResponse {
  status?: number;
  headers?: Headers;
  errors?: Array<{ extensions?: { code?: string } }>;
}

/** Whether the failure is Linear saying the entity does not exist (a read of something deleted). */
export function isNotFound(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === InvalidInput && /Entity not found/i.test(error.message);
}

/** Whether the failure is Linear refusing a create whose client-chosen id is taken: that keyed create already happened. */
export function isAlreadyExisting(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === InvalidInput && /Entity already exists/i.test(error.message);
}

/** The failure as a ProviderError, with every secret scrubbed from all it carries. */
export function toProviderError(error: unknown, secrets: string[]): unknown {
  return withoutSecrets(mapped(error), secrets);
}

function mapped(error: unknown): unknown {
  if (error instanceof ProviderError) return error;
  // The SDK does not say whether a query or a mutation failed: each is taken for a write that may have landed.
  const request = { provider: 'linear', operation: operationOf(error), write: true };
  // The adapter's own timeout aborted the request; it left, so a write may still land.
  if (timedOut(error)) return ProviderError.fromResponse({ ...request, message: 'timed out; the request was aborted', providerCode: 'timeout' });
  // Not the SDK's own error (an answer it could not parse, a failure inside fetch): nothing says Linear refused.
  if (!(error instanceof LinearError)) return ProviderError.fromResponse({ ...request, message: error instanceof Error ? error.message : String(error), providerCode: Unknown });
  const raw = (error.raw as { response?: RawResponse } | undefined)?.response;
  const status = error.status ?? raw?.status;
  // No HTTP status and no GraphQL errors: the request never got an answer (reset, refused, dropped).
  const network = status === undefined && !(error.errors?.length ?? 0);
  const type = network ? NetworkError : error.type;
  return ProviderError.fromResponse({
    ...request,
    // Linear answers a spent budget with HTTP 400 and RATELIMITED: a 429 to the shared rules.
    status: type === Ratelimited ? 429 : status,
    headers: raw?.headers,
    message: network ? ((error.raw as Error | undefined)?.message ?? error.message) : error.message,
    providerCode: type,
    details: { code: raw?.errors?.[0]?.extensions?.code },
    // Linear refuses with HTTP 200 or 400: below a 5xx, the GraphQL error's type, not the status, decides.
    overrides: network || (status !== undefined && status >= 500) ? undefined : { isRetryable: RETRYABLE_TYPES.has(type ?? ''), outcomeUnknown: !REFUSALS.has(type ?? '') },
  });
}

/** The GraphQL operation's name (`backspaceIssueCreate`), when the SDK kept the document. */
function operationOf(error: unknown): string {
  const query = (error as { query?: unknown } | undefined)?.query;
  return (typeof query === 'string' && /\b(?:query|mutation)\s+(\w+)/.exec(query)?.[1]) || 'graphql';
}

/** Whether fetch gave up on `AbortSignal.timeout`, as the SDK wraps it or not. */
function timedOut(error: unknown): boolean {
  const named = (value: unknown) => (value as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return named(error) || named((error as { raw?: unknown } | undefined)?.raw);
}
