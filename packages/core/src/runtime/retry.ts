// The one retry layer (p-retry): retryable errors only, Retry-After honoured, bounded attempts and time.
import pRetry from 'p-retry';
import type { Clock } from '../contract/clock.js';
import { BackspaceError, ProviderError } from '../errors.js';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Give up once this much time (on the clock) has passed since the first attempt. */
  maxElapsedMs: number;
  /** Backoff before the second attempt when the provider gave no Retry-After; doubles after. */
  baseDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, maxElapsedMs: 120_000, baseDelayMs: 250 };

/**
 * Runs `operation` until it succeeds or a non-retryable error, the attempt budget or the time budget
 * stops it. `beforeRetry` runs after the wait and may veto the retry (a write whose earlier attempt
 * cannot be found by its key is not resent blindly).
 */
export async function withRetry<T>(
  operation: (attempt: number) => Promise<T>,
  clock: Clock,
  policy: RetryPolicy = DEFAULT_RETRY,
  beforeRetry: (error: BackspaceError) => Promise<boolean> | boolean = () => true,
): Promise<T> {
  const started = clock.now();
  /** Waits before attempt `attemptNumber + 1` and says whether to make it. */
  const waitAndDecide = async (error: unknown, attemptNumber: number): Promise<boolean> => {
    if (!BackspaceError.isInstance(error) || !error.isRetryable) return false;
    const delay = retryDelayMs(error, attemptNumber, policy);
    if (clock.now() - started + delay > policy.maxElapsedMs) return false;
    await clock.sleep(delay);
    return beforeRetry(error);
  };
  // Most calls succeed at once: only a failure pays for the retry machinery.
  try {
    return await operation(1);
  } catch (error) {
    if (policy.maxAttempts <= 1 || !(await waitAndDecide(error, 1))) throw error;
  }
  return pRetry((attempt) => operation(attempt + 1), {
    retries: Math.max(0, policy.maxAttempts - 2),
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    shouldRetry: ({ error, attemptNumber }) => waitAndDecide(error, attemptNumber + 1),
  });
}

export function retryDelayMs(error: BackspaceError, attemptNumber: number, policy: RetryPolicy): number {
  if (error instanceof ProviderError && error.retryAfterMs !== undefined) return error.retryAfterMs;
  return policy.baseDelayMs * 2 ** (attemptNumber - 1);
}
