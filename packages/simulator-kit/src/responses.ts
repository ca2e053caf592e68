// Canned answers the harness gives on a provider's behalf: rate limits, server errors, thrown errors.
import type { SimulatorRequest, SimulatorResponse } from './types.js';

/** The exact wait, in simulator-clock milliseconds, that `Retry-After` rounds up to whole seconds. */
export const RETRY_AFTER_MS_HEADER = 'x-simulator-retry-after-ms';

export interface RateLimitDetail {
  /** The rule's family, or `injected` for a rate-limit fault. */
  readonly family: string;
  readonly limit: number;
  readonly windowMs: number;
  /** Exact wait on the simulator clock until a request would be allowed again. */
  readonly retryAfterMs: number;
  /** Simulator-clock ms when the window ends (GitHub's `x-ratelimit-reset` is this in seconds). */
  readonly resetAt: number;
}

/** Shapes a provider's rate-limit answer; the harness adds `x-simulator-retry-after-ms` if absent. */
export type RateLimitResponder = (
  retryAfterSeconds: number,
  request: SimulatorRequest,
  detail: RateLimitDetail,
) => SimulatorResponse;

export const defaultRateLimitResponse: RateLimitResponder = (retryAfterSeconds) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: { error: 'rate_limited', message: `Too many requests; retry after ${retryAfterSeconds} s` },
});

/** HTTP wants whole seconds; never 0, or a client would retry at once and be limited again. */
export function toRetryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}

export function rateLimitResponse(
  respond: RateLimitResponder,
  request: SimulatorRequest,
  detail: RateLimitDetail,
): SimulatorResponse {
  const response = respond(toRetryAfterSeconds(detail.retryAfterMs), request, detail);
  const headers = lowerCaseKeys(response.headers);
  headers[RETRY_AFTER_MS_HEADER] ??= String(Math.ceil(detail.retryAfterMs));
  return { ...response, headers };
}

export function defaultServerErrorResponse(status: number): SimulatorResponse {
  return { status, body: { error: 'server_error', message: `Simulated ${status} from the simulator` } };
}

/** Thrown from a handler to answer with `response`, e.g. a provider's 404 deep inside a lookup. */
export class SimulatorHttpError extends Error {
  readonly response: SimulatorResponse;
  constructor(status: number, body?: unknown, headers?: Record<string, string>) {
    super(`simulator answered ${status}`);
    this.name = 'SimulatorHttpError';
    this.response = { status, body, headers };
  }
}

export function lowerCaseKeys(headers: Record<string, string> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
}
