// Maps every way a WebClient call fails to Backspace's ProviderError, carrying Slack's own error string.
import { ErrorCode } from '@slack/web-api';
import { ProviderError } from '@backspace/core';
import { StoppedByCaller } from './call-signal.js';

const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);
/** Slack's error strings are short snake_case words. */
const SLACK_ERROR_STRING = /^[a-z][a-z0-9_]{0,79}$/;
/** The code given to an answer that is not one of Slack's (unparseable, or without `ok`). */
export const UNREADABLE_ANSWER = 'unreadable_answer';

interface SlackLikeError {
  code?: string;
  data?: { error?: string; needed?: string };
  retryAfter?: number;
  statusCode?: number;
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
  switch (failure?.code) {
    case ErrorCode.PlatformError: {
      // Slack's own answers name an error (`channel_not_found`); anything else is a body the WebClient
      // could not read as Slack's (a proxy's HTML page, a cut-off JSON), which says nothing about the write.
      const answered = failure.data?.error;
      const slackError = typeof answered === 'string' && SLACK_ERROR_STRING.test(answered) ? answered : UNREADABLE_ANSWER;
      const transient = slackError === UNREADABLE_ANSWER || RETRYABLE_PLATFORM_ERRORS.has(slackError);
      const needed = failure.data?.needed ? ` (needs scope ${failure.data.needed})` : '';
      return new ProviderError(`slack ${method}: ${slackError}${needed}`, {
        provider: 'slack',
        status: 200,
        providerCode: slackError,
        isRetryable: transient,
        outcomeUnknown: write && slackError !== 'ratelimited' && transient,
        cause: error,
      });
    }
    case ErrorCode.RateLimitedError:
      return new ProviderError(`slack ${method}: rate limited; retry after ${failure.retryAfter} s`, {
        provider: 'slack',
        status: 429,
        providerCode: 'ratelimited',
        retryAfterMs: (failure.retryAfter ?? 1) * 1000,
        isRetryable: true,
        outcomeUnknown: false,
      });
    case ErrorCode.HTTPError: {
      const status = failure.statusCode ?? 0;
      // A 5xx or a gateway's timeout: the request may have been handled before the answer was lost.
      const serverSide = status >= 500 || status === 408 || status === 0;
      return new ProviderError(`slack ${method}: HTTP ${status}`, {
        provider: 'slack',
        status,
        providerCode: platformErrorIn(failure.body) ?? `http_${status}`,
        isRetryable: serverSide,
        outcomeUnknown: write && serverSide,
      });
    }
    case ErrorCode.RequestError:
      // The kill switch stopped the call (see call-signal.ts): not retried; a write that had left may still land.
      if (failure.original instanceof StoppedByCaller) {
        return new ProviderError(`slack ${method}: ${failure.original.message}`, {
          provider: 'slack',
          providerCode: 'aborted',
          isRetryable: false,
          outcomeUnknown: write && failure.original.sent,
        });
      }
      // The WebClient's `timeout` aborts the request with AbortSignal.timeout: the request left, so a write may still land.
      if (failure.original?.name === 'TimeoutError') {
        return new ProviderError(`slack ${method}: no answer in time; the request was aborted`, {
          provider: 'slack',
          providerCode: 'timeout',
          isRetryable: true,
          outcomeUnknown: write,
        });
      }
      return new ProviderError(`slack ${method}: request failed (${failure.original?.message ?? 'network error'})`, {
        provider: 'slack',
        providerCode: 'request_error',
        isRetryable: true,
        outcomeUnknown: write,
      });
    default:
      // Not the WebClient's own error: nothing says Slack refused the write, so it may have landed.
      if (!write) return error;
      return new ProviderError(`slack ${method}: ${error instanceof Error ? error.message : String(error)}`, {
        provider: 'slack',
        providerCode: UNREADABLE_ANSWER,
        isRetryable: true,
        outcomeUnknown: true,
        cause: error,
      });
  }
}

function platformErrorIn(body: unknown): string | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === 'string' ? parsed.error : undefined;
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
