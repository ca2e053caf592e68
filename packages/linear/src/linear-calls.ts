// The adapter's client: the official LinearClient plus the token, with every call's errors mapped.
import type { LinearClient } from '@linear/sdk';
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
}
