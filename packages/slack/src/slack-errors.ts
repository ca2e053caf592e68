// Maps every way a WebClient call fails to Backspace's ProviderError, carrying Slack's own error string.
import { ErrorCode } from '@slack/web-api';
import { ProviderError } from '@backspace/core';

const RETRYABLE_PLATFORM_ERRORS = new Set(['ratelimited', 'internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

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
      const slackError = failure.data?.error ?? 'unknown_error';
      const needed = failure.data?.needed ? ` (needs scope ${failure.data.needed})` : '';
      return new ProviderError(`slack ${method}: ${slackError}${needed}`, {
        provider: 'slack',
        status: 200,
        providerCode: slackError,
        isRetryable: RETRYABLE_PLATFORM_ERRORS.has(slackError),
        outcomeUnknown: write && slackError !== 'ratelimited' && RETRYABLE_PLATFORM_ERRORS.has(slackError),
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
      const serverSide = status >= 500;
      return new ProviderError(`slack ${method}: HTTP ${status}`, {
        provider: 'slack',
        status,
        providerCode: platformErrorIn(failure.body) ?? `http_${status}`,
        isRetryable: serverSide,
        outcomeUnknown: write && serverSide,
      });
    }
    case ErrorCode.RequestError:
      return new ProviderError(`slack ${method}: request failed (${failure.original?.message ?? 'network error'})`, {
        provider: 'slack',
        providerCode: 'request_error',
        isRetryable: true,
        outcomeUnknown: write,
      });
    default:
      return error;
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
