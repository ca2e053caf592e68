// Maps every way a WebClient call fails to Backspace's ProviderError through core's
// `ProviderError.fromResponse` (retryable, unknown outcome, Retry-After, request id and scrubbing by
// the rules every provider shares), carrying Slack's own error string as its providerCode. Slack's own
// rules on top: it refuses with HTTP 200 and `ok: false`, which says nothing was written, except for the
// few errors that mean it failed on its side (retried; a write's outcome then unknown, but for a rate limit).
import { ErrorCode } from '@slack/web-api';
import { ProviderError, type ProviderFailure } from '@backspace/core/adapter-kit';
import { WaitStopped } from './call-gate.js';
import { StoppedByCaller } from './call-signal.js';

const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Slack's error strings are short snake_case words. */
const SLACK_ERROR_STRING = /^[a-z][a-z0-9_]{0,79}$/;
/** The code given to an answer that is not one of Slack's (unparseable, or without `ok`). */
export const UNREADABLE_ANSWER = 'unreadable_answer';
/** Where Slack puts the id of the request it answered. */
const REQUEST_ID_HEADERS = ['x-slack-req-id'];

interface SlackLikeError {
  code?: string;
  data?: { error?: string; needed?: string; response_metadata?: { retryAfter?: number } };
  retryAfter?: number;
  statusCode?: number;
  statusMessage?: string;
  headers?: Record<string, string>;
  body?: unknown;
  original?: Error;
  message?: string;
}

/**
 * `write` says whether the call may change something: a write whose answer was lost (network error,
 * 5xx) may have committed, so the runtime must look it up by key before sending it again.
 */
export function toProviderError(method: string, write: boolean, error: unknown): unknown {
  const failure = error as SlackLikeError;
  const slack = { provider: 'slack', operation: method, write, cause: error } satisfies Partial<ProviderFailure>;
  switch (failure?.code) {
    case ErrorCode.PlatformError: {
      // Slack's own answers name an error (`channel_not_found`); anything else is a body the WebClient
      // could not read as Slack's (a proxy's HTML page, a cut-off JSON), which says nothing about the write.
      const slackError = slackErrorIn(failure.data) ?? UNREADABLE_ANSWER;
      const transient = slackError === UNREADABLE_ANSWER || RETRYABLE_PLATFORM_ERRORS.has(slackError);
      const needed = failure.data?.needed ? ` (needs scope ${failure.data.needed})` : '';
      // The WebClient keeps the answer's Retry-After (in seconds) in its metadata.
      const retryAfter = failure.data?.response_metadata?.retryAfter;
      return ProviderError.fromResponse({
        ...slack,
        status: 200,
        ...(retryAfter !== undefined ? { headers: { 'retry-after': retryAfter } } : {}),
        message: `${slackError}${needed}`,
        providerCode: slackError,
        // An HTTP 200 with `ok: false`: Slack refused the call, unless it failed on its side.
        overrides: { isRetryable: transient, outcomeUnknown: write && slackError !== 'ratelimited' && transient },
      });
    }
    case ErrorCode.RateLimitedError:
      // The WebClient read the 429's Retry-After (seconds) and keeps only that; refused, so never landed.
      return ProviderError.fromResponse({
        ...slack,
        status: 429,
        headers: { 'retry-after': failure.retryAfter ?? 1 },
        message: `rate limited; retry after ${failure.retryAfter} s`,
        providerCode: 'ratelimited',
      });
    case ErrorCode.HTTPError: {
      // Slack answers with 200 or 429 only: any other status is a gateway's (a 5xx, a 408 timeout: the
      // request may have been handled before the answer was lost), sometimes with Slack's error in its body.
      const slackError = slackErrorIn(failure.body);
      return ProviderError.fromResponse({
        ...slack,
        status: failure.statusCode,
        headers: failure.headers,
        requestIdHeaders: REQUEST_ID_HEADERS,
        message: slackError ?? (failure.statusMessage || `HTTP ${failure.statusCode}`),
        providerCode: slackError ?? `http_${failure.statusCode ?? 0}`,
      });
    }
    case ErrorCode.RequestError: {
      const original = failure.original;
      // The kill switch stopped the call (see call-signal.ts): not retried; a write that had left may still land.
      if (original instanceof StoppedByCaller) {
        return ProviderError.fromResponse({ ...slack, message: original.message, providerCode: 'aborted', refused: !original.sent, overrides: { isRetryable: false } });
      }
      // The WebClient's `timeout` aborts the request with AbortSignal.timeout: the request left, so a write may still land.
      if (original?.name === 'TimeoutError') {
        return ProviderError.fromResponse({ ...slack, message: 'timed out; the request was aborted', providerCode: 'timeout' });
      }
      // A connection never made (ECONNREFUSED, ENOTFOUND on the cause chain: the WebClient's error has
      // its fetch failure as `cause`) sent nothing: fromResponse reads that from `cause`.
      return ProviderError.fromResponse({ ...slack, message: `request failed (${original?.message ?? 'network error'})`, providerCode: 'request_error' });
    }
    default:
      // The call gate stopped the call while it waited for its turn (the kill switch): it was never sent.
      if (error instanceof WaitStopped) {
        return ProviderError.fromResponse({ ...slack, message: error.message, providerCode: 'aborted', refused: true, overrides: { isRetryable: false } });
      }
      // Not the WebClient's own error: nothing says Slack refused the write, so it may have landed.
      if (!write) return error;
      return ProviderError.fromResponse({ ...slack, message: error instanceof Error ? error.message : String(error), providerCode: UNREADABLE_ANSWER });
  }
}

/** Slack's error string in an answer's body (`{ ok: false, error: "invalid_auth" }`, parsed or not), when it is one. */
function slackErrorIn(body: unknown): string | undefined {
  const parsed = typeof body === 'string' ? parsedJson(body) : body;
  const answered = typeof parsed === 'object' && parsed !== null ? (parsed as { error?: unknown }).error : undefined;
  return typeof answered === 'string' && SLACK_ERROR_STRING.test(answered) ? answered : undefined;
}

function parsedJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Runs one Web API call, translating its failure. */
export async function slackCall<T>(method: string, write: boolean, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toProviderError(method, write, error);
  }
}

/** Whether `error` is Slack's answer `code` (e.g. `message_not_found`), already mapped. */
export function isSlackError(error: unknown, ...codes: string[]): boolean {
  return error instanceof ProviderError && error.providerCode !== undefined && codes.includes(error.providerCode);
}

/**
 * Slack's own "gone", for the kit's `nullWhenGone`: it answers a missing channel or message with HTTP 200
 * and `ok: false` naming it (`channel_not_found`), never a 404, so the kit's default never matches.
 */
export const slackGone =
  (...codes: string[]) =>
  (error: unknown): boolean =>
    isSlackError(error, ...codes);
