// The adapter's client: the official LinearClient plus the token, with every call's errors mapped.
import type { LinearClient } from '@linear/sdk';
import { ProviderError } from '@backspace/core';
import { toProviderError } from './linear-errors.js';
import { stoppedByCaller } from './call-signal.js';

type Variables = Record<string, unknown>;

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
      throw stoppedByCaller(error) ?? toProviderError(error, this.secrets);
    }
  }

  /** One of the adapter's own documents (src/documents.ts), sent through the SDK's GraphQL client: one request. */
  request<T>(document: string, variables: Variables): Promise<T> {
    return this.call(async (sdk) => (await sdk.client.rawRequest<T, Variables>(document, variables)).data as T);
  }

  /**
   * A mutation of the adapter's own whose answer is `field`'s payload. When Linear answers with errors
   * beside a payload (a field of the answer failed after the write ran), the write happened: the
   * failure is never a refusal, and the runtime finds the write by its key.
   */
  async mutate<T>(document: string, variables: Variables, field: string): Promise<T> {
    try {
      return (await this.sdk.client.rawRequest<Record<string, T>, Variables>(document, variables)).data![field] as T;
    } catch (error) {
      const stopped = stoppedByCaller(error);
      if (stopped) throw stopped;
      const answered = (error as { raw?: { response?: { data?: Record<string, unknown> | null } } }).raw?.response?.data?.[field];
      const mapped = toProviderError(error, this.secrets);
      if (answered === undefined || answered === null) throw mapped;
      throw landed(mapped as Error, 'its answer came with errors');
    }
  }

  /**
   * A read made after the write committed (the rest of an answer's comments, say): whatever makes it
   * fail, the write happened, so the failure is never a refusal.
   */
  async afterWrite<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (error) {
      throw landed(error as Error, 'reading it back failed');
    }
  }
}

/** A failure after the write committed: retryable, and never a refusal, so the write is looked up by its key. */
function landed(cause: Partial<ProviderError> & Error, what: string): ProviderError {
  return new ProviderError(`linear: the write committed but ${what}: ${cause.message}`, {
    provider: 'linear',
    status: cause.status,
    providerCode: cause.providerCode ?? 'Unknown',
    ...(cause.retryAfterMs !== undefined ? { retryAfterMs: cause.retryAfterMs } : {}),
    isRetryable: true,
    outcomeUnknown: true,
    cause,
  });
}
