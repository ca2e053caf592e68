// One way to turn a failed request into a ProviderError, and markers that tell the error classes apart.
import { describe, expect, it } from 'vitest';
import { BackspaceError, InvalidInputError, ProviderError } from './errors.js';

describe('ProviderError.fromResponse', () => {
  const base = { provider: 'acme', operation: 'POST /v1/items', message: 'boom' };

  it('a 429 is retryable after Retry-After, and a refused write did not land', () => {
    const error = ProviderError.fromResponse({ ...base, write: true, status: 429, headers: { 'Retry-After': '30', 'X-Request-Id': 'req_1' } });
    expect(error).toMatchObject({ status: 429, retryAfterMs: 30_000, requestId: 'req_1', isRetryable: true, outcomeUnknown: false, code: 'provider_error' });
    expect(error.message).toBe('acme POST /v1/items: 429 boom');
  });

  it('a 5xx or no answer leaves a write unknown; a refused connection or a read does not', () => {
    expect(ProviderError.fromResponse({ ...base, write: true, status: 502 })).toMatchObject({ isRetryable: true, outcomeUnknown: true });
    expect(ProviderError.fromResponse({ ...base, write: false, status: 502 })).toMatchObject({ isRetryable: true, outcomeUnknown: false });
    expect(ProviderError.fromResponse({ ...base, write: true })).toMatchObject({ status: undefined, isRetryable: true, outcomeUnknown: true });
    expect(ProviderError.fromResponse({ ...base, write: true, refused: true })).toMatchObject({ isRetryable: true, outcomeUnknown: false });
    expect(ProviderError.fromResponse({ ...base, write: true, status: 408 })).toMatchObject({ isRetryable: true, outcomeUnknown: true });
    expect(ProviderError.fromResponse({ ...base, write: true, status: 404, providerCode: 'resource_missing' })).toMatchObject({ isRetryable: false, outcomeUnknown: false, providerCode: 'resource_missing' });
  });

  it('reads a connection never made from the cause: its system code, or its causes\' (an SDK\'s `detail` too)', () => {
    const refusedFetch = new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4000'), { code: 'ECONNREFUSED' }) });
    expect(ProviderError.fromResponse({ ...base, write: true, cause: refusedFetch })).toMatchObject({ outcomeUnknown: false });
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(ProviderError.fromResponse({ ...base, write: true, cause: reset })).toMatchObject({ outcomeUnknown: true });
    const sdkError = { message: 'connection error', detail: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }) };
    expect(ProviderError.fromResponse({ ...base, write: true, cause: sdkError })).toMatchObject({ outcomeUnknown: false });
    // Said outright, the connector's word wins.
    expect(ProviderError.fromResponse({ ...base, write: true, cause: sdkError, refused: false })).toMatchObject({ outcomeUnknown: true });
  });

  it('reads Retry-After as an HTTP date and the request id from the headers named, from a Headers object too', () => {
    const at = new Date(Date.now() + 5_000).toUTCString();
    const error = ProviderError.fromResponse({ ...base, write: false, status: 503, headers: new Headers({ 'retry-after': at, 'request-id': 'req_2' }) });
    expect(error.retryAfterMs).toBeGreaterThan(2_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(5_000);
    expect(error.requestId).toBe('req_2');
    expect(ProviderError.fromResponse({ ...base, write: false, status: 500, headers: { 'x-github-request-id': 'gh_1' }, requestIdHeaders: ['x-github-request-id'] }).requestId).toBe('gh_1');
  });

  it('never carries a secret the provider echoed back', () => {
    const secret = 'sk_test_verysecret';
    const error = ProviderError.fromResponse({ ...base, write: true, status: 401, message: `Invalid API Key provided: ${secret}`, providerCode: `bad key ${secret}`, headers: { 'x-request-id': secret }, secrets: [secret] });
    expect(JSON.stringify({ message: error.message, ...error.toJSON(), providerCode: error.providerCode, requestId: error.requestId })).not.toContain(secret);
  });

  it('lets a provider with other rules say so', () => {
    expect(ProviderError.fromResponse({ ...base, write: true, status: 403, overrides: { isRetryable: true, retryAfterMs: 60_000 } })).toMatchObject({ isRetryable: true, retryAfterMs: 60_000, outcomeUnknown: false });
  });
});

describe('isInstance', () => {
  it('answers for its own class only, across realms by marker', () => {
    const provider = new ProviderError('x', { provider: 'acme' });
    const invalid = new InvalidInputError('acme.item.create', [{ path: 'title', message: 'required' }]);
    const plain = new BackspaceError('killed', 'stopped');
    expect([ProviderError.isInstance(provider), ProviderError.isInstance(invalid), ProviderError.isInstance(plain)]).toEqual([true, false, false]);
    expect([InvalidInputError.isInstance(invalid), InvalidInputError.isInstance(provider)]).toEqual([true, false]);
    expect([BackspaceError.isInstance(provider), BackspaceError.isInstance(invalid), BackspaceError.isInstance(new Error('x'))]).toEqual([true, true, false]);
    // A copy from another realm (another copy of core) carries the same markers.
    expect(ProviderError.isInstance({ [Symbol.for('backspace.error')]: true, [Symbol.for('backspace.error.provider')]: true })).toBe(true);
  });
});
