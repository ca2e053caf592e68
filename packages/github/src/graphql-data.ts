// One GraphQL document sent for reads that REST would make in many requests, and its answer's data.
import { ProviderError } from '@backspace/core';
import { GraphqlResponseError } from '@octokit/graphql';
import type { GithubClient } from './client.js';
import { isStatus } from './errors.js';

/**
 * The answer's data, a missing object a null in it; undefined when GraphQL is not served (404), so the
 * caller reads through REST. A rate limit is thrown (retryable, after a minute). Another error is thrown
 * as Backspace's, or with `otherErrors: 'fall back'` gives undefined too (a read REST can make alone).
 */
export async function graphqlData<Data>(client: GithubClient, query: string, { otherErrors }: { otherErrors: 'throw' | 'fall back' }): Promise<Data | undefined> {
  try {
    return await client.graphql<Data>(query);
  } catch (error) {
    if (isStatus(error, 404)) return undefined;
    if (!(error instanceof GraphqlResponseError)) throw error;
    const other = (error.errors ?? []).filter((entry) => (entry as { type?: string }).type !== 'NOT_FOUND') as { type?: string; message?: string }[];
    if (other.length === 0 && error.data) return error.data as Data;
    const limited = other.find((entry) => entry.type === 'RATE_LIMITED');
    if (!limited && otherErrors === 'fall back') return undefined;
    const first = limited ?? other[0] ?? {};
    throw new ProviderError(`GitHub GraphQL: ${first.message ?? 'the query failed'}`, {
      provider: 'github',
      status: 200,
      providerCode: first.type ?? 'graphql_error',
      isRetryable: limited !== undefined,
      ...(limited ? { retryAfterMs: 60_000 } : {}),
    });
  }
}
