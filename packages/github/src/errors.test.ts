// How Octokit failures become ProviderErrors: what the runtime may retry and when a write may have landed.
import { describe, expect, it } from 'vitest';
import { toProviderError, unparseableAnswer } from './errors.js';

const failure = (status: number, method: string, headers: Record<string, string> = {}, data: unknown = { message: 'Server Error' }) => ({
  status,
  message: 'ignored',
  request: { method, url: 'https://api.github.com/repos/o/r/issues?access_token=secret-in-query' },
  response: { headers: { 'x-github-request-id': 'ABCD:1234', ...headers }, data },
});

describe('toProviderError', () => {
  it('a 5xx on a write may have landed: retryable, outcome unknown', () => {
    expect(toProviderError(failure(502, 'POST'))).toMatchObject({ status: 502, isRetryable: true, outcomeUnknown: true, requestId: 'ABCD:1234' });
  });

  it('a 5xx on a read changed nothing', () => {
    expect(toProviderError(failure(503, 'GET'))).toMatchObject({ isRetryable: true, outcomeUnknown: false });
  });

  it('a reset or refused connection on a write is retryable with an unknown outcome', () => {
    const error = toProviderError({ status: 500, message: 'socket hang up', request: { method: 'PUT', url: 'https://api.github.com/repos/o/r/contents/a' } });
    expect(error).toMatchObject({ status: undefined, providerCode: 'network_error', isRetryable: true, outcomeUnknown: true });
    expect(error.message).toContain('socket hang up');
  });

  it('a 429 honours Retry-After and never counts as landed', () => {
    expect(toProviderError(failure(429, 'POST', { 'retry-after': '7' }, { message: 'slow down' }))).toMatchObject({ retryAfterMs: 7000, isRetryable: true, outcomeUnknown: false });
  });

  it('a secondary-limit 403 is retryable with its Retry-After', () => {
    const error = toProviderError(failure(403, 'POST', { 'retry-after': '60' }, { message: 'You have exceeded a secondary rate limit.' }));
    expect(error).toMatchObject({ status: 403, retryAfterMs: 60_000, isRetryable: true });
  });

  it('a 403 or 429 with the primary limit spent is retryable after x-ratelimit-reset, and never counts as landed', () => {
    const now = () => 1_700_000_000_000;
    for (const status of [403, 429]) {
      const spent = failure(status, 'POST', { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000090' }, { message: 'API rate limit exceeded' });
      expect(toProviderError(spent, 'GET', now)).toMatchObject({ status, retryAfterMs: 90_000, isRetryable: true, outcomeUnknown: false });
    }
  });

  it('a permissions 403 is not retryable', () => {
    expect(toProviderError(failure(403, 'POST', { 'x-ratelimit-remaining': '4999' }, { message: 'Resource not accessible by integration' }))).toMatchObject({ isRetryable: false, providerCode: 'Resource not accessible by integration' });
  });

  it('a 422 carries GitHub’s validation details and code, and no query string', () => {
    const error = toProviderError(failure(422, 'POST', {}, { message: 'Validation Failed', errors: [{ resource: 'Label', code: 'invalid', field: 'color' }] }));
    expect(error).toMatchObject({ providerCode: 'invalid', isRetryable: false });
    expect(error.message).toBe('github POST /repos/o/r/issues: 422 Validation Failed (color invalid)');
    expect(error.message).not.toContain('secret-in-query');
  });

  it('a success whose JSON does not parse may hide a landed write: unknown outcome on writes only', () => {
    expect(unparseableAnswer('POST', 201, '/repos/{owner}/{repo}/issues', 'ABCD:1')).toMatchObject({ status: 201, isRetryable: true, outcomeUnknown: true, providerCode: 'unparseable_response', requestId: 'ABCD:1' });
    expect(unparseableAnswer('GET', 200, '/repos/{owner}/{repo}/issues/1', undefined)).toMatchObject({ isRetryable: true, outcomeUnknown: false });
  });
});
