// The adapter's client: the official LinearClient plus the token, with every call's errors mapped.
import type { LinearClient } from '@linear/sdk';
import { ProviderError } from '@backspace/core';
import { toProviderError } from './linear-errors.js';

export class LinearCalls {
  constructor(
    readonly sdk: LinearClient,
    private readonly secrets: string[],
  ) {}

  /** Runs one SDK call; its failure comes back as a ProviderError. */
  async call<T>(operation: (sdk: LinearClient) => Promise<T>): Promise<T> {
    try {
      return await operation(this.sdk);
    } catch (error) {
      throw toProviderError(error, this.secrets);
    }
  }

  /**
   * A read made after the write committed (its id, its identifier): whatever makes it fail, the write
   * happened, so the failure is never a refusal. The runtime then finds the write by its key.
   */
  async afterWrite<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      const cause = error as Partial<ProviderError> & Error;
      throw new ProviderError(`linear: the write committed but reading it back failed: ${cause.message}`, {
        provider: 'linear',
        status: cause.status,
        providerCode: cause.providerCode ?? 'Unknown',
        ...(cause.retryAfterMs !== undefined ? { retryAfterMs: cause.retryAfterMs } : {}),
        isRetryable: true,
        outcomeUnknown: true,
        cause: error,
      });
    }
  }
}
