// How SDK (superagent) failures become ProviderErrors: retryable or not, outcome known or not, no token.
import { describe, expect, it } from 'vitest';
import { toProviderError } from './provider-error.js';

const token = '2/123/456:verysecret';
const answer = (status: number, body: unknown, headers: Record<string, string> = {}) => ({ status, response: { status, body, headers } });

describe('toProviderError', () => {
  it('keeps Asana’s message, names the status, and never the token', () => {
    const error = toProviderError(answer(400, { errors: [{ message: `assignee: Not a recognized ID: ${token}`, help: 'docs' }] }), 'updateTask', true, [token]);
    expect(error).toMatchObject({ status: 400, providerCode: 'bad_request', isRetryable: false, outcomeUnknown: false });
    expect(error.message).toContain('assignee: Not a recognized ID');
    expect(error.message).not.toContain(token);
  });

  it('429 is retryable after Retry-After, and nothing was written', () => {
    const error = toProviderError(answer(429, { errors: [{ message: 'slow down' }] }, { 'retry-after': '30', 'x-request-id': 'r-1' }), 'createTask', true, []);
    expect(error).toMatchObject({ status: 429, providerCode: 'rate_limited', retryAfterMs: 30_000, requestId: 'r-1', isRetryable: true, outcomeUnknown: false });
  });

  it('a 5xx on a write may have committed; on a read it did not matter', () => {
    expect(toProviderError(answer(503, {}), 'createTask', true, [])).toMatchObject({ isRetryable: true, outcomeUnknown: true, providerCode: 'server_error' });
    expect(toProviderError(answer(500, {}), 'getTask', false, [])).toMatchObject({ isRetryable: true, outcomeUnknown: false });
  });

  it('a write answered with a success that failed to parse, or a 408, may have landed: outcome unknown', () => {
    expect(toProviderError({ status: 200, message: 'Unexpected token < in JSON', response: { status: 200, text: '<html>', headers: {} } }, 'createTask', true, [])).toMatchObject({ status: 200, isRetryable: true, outcomeUnknown: true });
    expect(toProviderError(answer(408, {}), 'updateTask', true, [])).toMatchObject({ isRetryable: true, outcomeUnknown: true });
    expect(toProviderError(answer(404, {}), 'updateTask', true, [])).toMatchObject({ isRetryable: false, outcomeUnknown: false });
  });

  it('a reset or a timeout leaves a write’s outcome unknown; a refused connection sent nothing', () => {
    expect(toProviderError({ code: 'ECONNRESET', message: 'socket hang up' }, 'createTask', true, [])).toMatchObject({ status: undefined, isRetryable: true, outcomeUnknown: true, providerCode: 'ECONNRESET' });
    expect(toProviderError({ code: 'ECONNABORTED', timeout: 60_000 }, 'updateTask', true, []).message).toContain('timed out after 60000 ms');
    expect(toProviderError({ code: 'ECONNREFUSED' }, 'createTask', true, [])).toMatchObject({ isRetryable: true, outcomeUnknown: false });
  });
});
