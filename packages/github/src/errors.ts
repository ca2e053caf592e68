// Maps Octokit's failures to ProviderError through core's `ProviderError.fromResponse` (retries, unknown
// outcomes, Retry-After, the request id). GitHub's own rules on top: its rate limits (a 403 can be one),
// `x-github-request-id`, and the validation details of its message.
import { ProviderError, type ProviderFailure } from '@backspace/core';

interface OctokitFailure {
  status?: number;
  message?: string;
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown };
  request?: { method?: string; url?: string };
}

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * What every failure of one request shares. `readOnly`: the request changes nothing whatever its method
 * (a GraphQL query is a POST), so no failure of it can hide a landed write.
 */
function github(method: string, url: string | undefined, readOnly: boolean, cause?: unknown) {
  const verb = method.toUpperCase();
  return { provider: 'github', operation: `${verb} ${pathOf(url)}`, write: !readOnly && WRITE_METHODS.has(verb), requestIdHeaders: ['x-github-request-id'], cause };
}

export function toProviderError(error: unknown, fallbackMethod = 'GET', now: () => number = Date.now, readOnly = false): ProviderError {
  if (error instanceof ProviderError) return error;
  const failure = (error ?? {}) as OctokitFailure;
  const request = github(failure.request?.method ?? fallbackMethod, failure.request?.url, readOnly, error);
  // Octokit reports a failed fetch (reset, refused, timeout) as status 500 without a response.
  if (!failure.response) {
    const timeout = isTimeout(error);
    const message = timeout ? 'timed out; the request was aborted' : `network failure: ${failure.message ?? 'no response'}`;
    return ProviderError.fromResponse({ ...request, message, providerCode: timeout ? 'timeout' : 'network_error' });
  }
  const headers = failure.response.headers ?? {};
  const data = (typeof failure.response.data === 'object' && failure.response.data !== null ? failure.response.data : {}) as { message?: unknown; errors?: { code?: string; message?: string; field?: string }[] };
  const githubMessage = typeof data.message === 'string' ? data.message : typeof failure.response.data === 'string' && failure.response.data ? failure.response.data : (failure.message ?? 'request failed');
  const detail = (data.errors ?? []).map((entry) => entry.message ?? [entry.field, entry.code].filter(Boolean).join(' ')).filter(Boolean);
  return ProviderError.fromResponse({
    ...request,
    status: failure.status,
    headers,
    message: `${githubMessage}${detail.length ? ` (${detail.join('; ')})` : ''}`,
    providerCode: data.errors?.[0]?.code ?? githubMessage,
    overrides: rateLimit(failure.status, headers, githubMessage, now),
  });
}

/**
 * GitHub's rate limits: a 429, or a 403 with the primary limit spent (`x-ratelimit-remaining: 0`) or a
 * secondary limit (Retry-After, or the message says so). Retryable after Retry-After (read by core),
 * else the primary limit's reset, else a minute.
 */
function rateLimit(status: number | undefined, headers: Record<string, string | number | undefined>, message: string, now: () => number): ProviderFailure['overrides'] {
  const spent = String(headers['x-ratelimit-remaining']) === '0';
  const secondary = headers['retry-after'] !== undefined || /secondary rate limit|abuse/i.test(message);
  if (status !== 429 && !(status === 403 && (spent || secondary))) return undefined;
  if (headers['retry-after'] !== undefined) return { isRetryable: true };
  // GitHub sends epoch seconds; a few recordings hold milliseconds.
  const reset = spent && headers['x-ratelimit-reset'] !== '' ? Number(headers['x-ratelimit-reset']) : NaN;
  return { isRetryable: true, retryAfterMs: Number.isFinite(reset) ? Math.max(1000, (reset > 1e12 ? reset : reset * 1000) - now()) : 60_000 };
}

/**
 * A request its caller stopped (the kill switch aborted the agent's call): not retried; a write may
 * still have landed, so its outcome is unknown.
 */
export function stoppedByCaller(method: string, url: string, cause: unknown, readOnly = false): ProviderError {
  return ProviderError.fromResponse({ ...github(method, url, readOnly, cause), message: 'stopped by the caller before GitHub answered', providerCode: 'aborted', overrides: { isRetryable: false } });
}

/**
 * A success status whose JSON body does not parse (cut short, garbled by a proxy): the provider may
 * well have applied a write, so it is an unknown outcome, never a refusal.
 */
export function unparseableAnswer(method: string, status: number, url: string, requestId: unknown, readOnly = false): ProviderError {
  return ProviderError.fromResponse({
    ...github(method, url, readOnly),
    status,
    headers: { 'x-github-request-id': typeof requestId === 'string' ? requestId : undefined },
    message: 'the answer is not the JSON GitHub sends',
    providerCode: 'unparseable_response',
    overrides: { isRetryable: true },
  });
}

/** The client's own timeout fired (`AbortSignal.timeout`), whether Octokit wrapped the abort or not. */
function isTimeout(error: unknown): boolean {
  const named = (value: unknown) => (value as { name?: unknown } | undefined)?.name === 'TimeoutError';
  return named(error) || named((error as { cause?: unknown } | undefined)?.cause);
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

/**
 * GitHub says there is no such object (404): a delete's or a label removal's work is already done. Not
 * a 410, which the kit's default also counts: GitHub answers it for a repository whose issues are
 * disabled, where nothing says the object went.
 */
export function isNotFound(error: unknown): boolean {
  return isStatus(error, 404);
}

/** GitHub's GraphQL API refused the document (no such node, not served here): the REST way is taken instead. */
export function graphqlRefused(error: unknown): boolean {
  return (error as { name?: string }).name === 'GraphqlResponseError' || isStatus(error, 404);
}
