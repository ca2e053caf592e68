// Maps Octokit's failures to ProviderError: GitHub's message, request id, Retry-After and the
// rate-limit headers decide whether the runtime may retry and whether a write may have landed.
import { ProviderError } from '@backspace/core';

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * `readOnly`: the request changes nothing whatever its method (a GraphQL query is a POST), so no failure
 * of it can hide a landed write.
 */
export function toProviderError(error: unknown, fallbackMethod = 'GET', now: () => number = Date.now, readOnly = false): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (error ?? {}) as OctokitFailure;
  const method = (failure.request?.method ?? fallbackMethod).toUpperCase();
  const where = `${method} ${pathOf(failure.request?.url)}`;
  const isWrite = !readOnly && WRITE_METHODS.has(method);

  // Octokit reports a failed fetch (reset, refused, timeout) as status 500 without a response.
  if (!failure.response) {
    if (isTimeout(error)) {
      return new ProviderError(`GitHub ${where}: no answer in time; the request was aborted`, {
        provider: 'github',
        providerCode: 'timeout',
        isRetryable: true,
        // The request left: a write may still land after the client stopped waiting.
        outcomeUnknown: isWrite,
        cause: error,
      });
    }
    return new ProviderError(`GitHub ${where}: network failure: ${failure.message ?? 'no response'}`, {
      provider: 'github',
      providerCode: 'network_error',
      isRetryable: true,
      outcomeUnknown: isWrite,
      cause: error,
    });
  }

  const status = failure.status ?? 0;
  const headers = failure.response.headers ?? {};
  const data = (typeof failure.response.data === 'object' && failure.response.data !== null ? failure.response.data : {}) as { message?: unknown; errors?: { code?: string; message?: string; field?: string }[] };
  const githubMessage = typeof data.message === 'string' ? data.message : typeof failure.response.data === 'string' && failure.response.data ? failure.response.data : (failure.message ?? 'request failed');
  const detail = (data.errors ?? []).map((entry) => entry.message ?? [entry.field, entry.code].filter(Boolean).join(' ')).filter(Boolean);
  const retryAfterSeconds = numberHeader(headers['retry-after']);
  const primaryExhausted = status === 403 && String(headers['x-ratelimit-remaining']) === '0';
  const secondary = (status === 403 || status === 429) && (retryAfterSeconds !== undefined || /secondary rate limit|abuse/i.test(githubMessage));
  const rateLimited = status === 429 || primaryExhausted || secondary;
  let retryAfterMs = retryAfterSeconds !== undefined ? retryAfterSeconds * 1000 : undefined;
  if (retryAfterMs === undefined && primaryExhausted) {
    const reset = numberHeader(headers['x-ratelimit-reset']);
    // GitHub sends epoch seconds; a few recordings hold milliseconds.
    if (reset !== undefined) retryAfterMs = Math.max(1000, (reset > 1e12 ? reset : reset * 1000) - now());
  }
  if (retryAfterMs === undefined && rateLimited) retryAfterMs = 60_000;

  return new ProviderError(`GitHub ${status} on ${where}: ${githubMessage}${detail.length ? ` (${detail.join('; ')})` : ''}`, {
    provider: 'github',
    status,
    requestId: typeof headers['x-github-request-id'] === 'string' ? headers['x-github-request-id'] : undefined,
    providerCode: data.errors?.[0]?.code ?? githubMessage,
    retryAfterMs,
    isRetryable: rateLimited || status >= 500,
    outcomeUnknown: status >= 500 && isWrite,
    cause: error,
  });
}

/**
 * A request its caller stopped (the kill switch aborted the agent's call): not retried; a write may
 * still have landed, so its outcome is unknown.
 */
export function stoppedByCaller(method: string, url: string, cause: unknown, readOnly = false): ProviderError {
  const isWrite = !readOnly && WRITE_METHODS.has(method.toUpperCase());
  return new ProviderError(`GitHub ${method.toUpperCase()} ${pathOf(url)}: stopped by the caller before GitHub answered`, {
    provider: 'github',
    providerCode: 'aborted',
    isRetryable: false,
    outcomeUnknown: isWrite,
    cause,
  });
}

/**
 * A success status whose JSON body does not parse (cut short, garbled by a proxy): the provider may
 * well have applied a write, so it is an unknown outcome, never a refusal.
 */
export function unparseableAnswer(method: string, status: number, url: string, requestId: unknown, readOnly = false): ProviderError {
  const isWrite = !readOnly && WRITE_METHODS.has(method.toUpperCase());
  return new ProviderError(`GitHub ${status} on ${method.toUpperCase()} ${pathOf(url)}: the answer is not the JSON GitHub sends`, {
    provider: 'github',
    status,
    requestId: typeof requestId === 'string' ? requestId : undefined,
    providerCode: 'unparseable_response',
    isRetryable: true,
    outcomeUnknown: isWrite,
  });
}

/** The client's own timeout fired (`AbortSignal.timeout`), whether Octokit wrapped the abort or not. */
function isTimeout(error: unknown): boolean {
  const named = (value: unknown) => (value as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return named(error) || named((error as { cause?: unknown } | undefined)?.cause);
}

function numberHeader(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const parsed = Number(value);
  return Number.isFinite(parsed) ? parsed : undefined;
}

/** Only the path: a URL's query string is no place to echo back. */
function pathOf(url: string | undefined): string {
  if (!url) return '(unknown)';
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

export function isStatus(error: unknown, ...statuses: number[]): boolean {
  return error instanceof ProviderError && error.status !== undefined && statuses.includes(error.status);
}

/** Runs an inverse's write, an answer with one of `statuses` counting as done (already deleted, already gone). */
export async function ignoring(statuses: number[], write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isStatus(error, ...statuses)) throw error;
  }
}

/** GitHub's GraphQL API refused the document (no such node, not served here): the REST way is taken instead. */
export function graphqlRefused(error: unknown): boolean {
  return (error as { name?: string }).name === 'GraphqlResponseError' || isStatus(error, 404);
}
