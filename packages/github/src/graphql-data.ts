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
    const limited = graphqlRateLimit(error);
    if (limited) throw limited;
    if (otherErrors === 'fall back') return undefined;
    const first = other[0] ?? {};
    throw new ProviderError(`GitHub GraphQL: ${first.message ?? 'the query failed'}`, { provider: 'github', status: 200, providerCode: first.type ?? 'graphql_error', isRetryable: false });
  }
}

/** GraphQL's rate limit (a 200 whose error is typed RATE_LIMITED) as a retryable error, sent again after a minute; undefined for any other failure. */
export function graphqlRateLimit(error: unknown): ProviderError | undefined {
  if (!(error instanceof GraphqlResponseError)) return undefined;
  const limited = (error.errors ?? []).find((entry) => (entry as { type?: string }).type === 'RATE_LIMITED');
  return limited ? new ProviderError(`GitHub GraphQL: ${limited.message}`, { provider: 'github', status: 200, providerCode: 'RATE_LIMITED', isRetryable: true, retryAfterMs: 60_000 }) : undefined;
}
