// Maps a failed `asana` SDK call (a superagent error) to Backspace's ProviderError, never with a token.
import { ProviderError, withoutSecrets } from '@backspace/core/adapter-kit';

const NETWORK_CODES = new Set(['ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'ESOCKETTIMEDOUT', 'EPIPE', 'ECONNREFUSED', 'EAI_AGAIN', 'ENOTFOUND', 'UND_ERR_SOCKET']);

interface SuperagentError {
  status?: number;
  code?: string;
  timeout?: number;
  message?: string;
  response?: { status?: number; body?: unknown; text?: string; headers?: Record<string, string | undefined> };
}

/** Asana sends no error codes of its own; these are the names its docs give the statuses. */
const STATUS_CODES: Record<number, string> = { 400: 'bad_request', 401: 'not_authorized', 402: 'payment_required', 403: 'forbidden', 404: 'not_found', 424: 'failed_dependency', 429: 'rate_limited', 451: 'unavailable_for_legal_reasons' };

/** True when `error` came back from Asana (or the network) rather than from our own code. */
export function isSuperagentError(error: unknown): error is SuperagentError {
  if (typeof error !== 'object' || error === null) return false;
  const candidate = error as SuperagentError;
  return typeof candidate.status === 'number' || typeof candidate.response === 'object' || (typeof candidate.code === 'string' && NETWORK_CODES.has(candidate.code)) || typeof candidate.timeout === 'number';
}

/**
 * `write` tells whether the request could have changed something, which makes a lost answer an unknown
 * outcome. Every secret is scrubbed from all the error carries.
 */
export function toProviderError(error: SuperagentError, operation: string, write: boolean, secrets: string[]): ProviderError {
  return withoutSecrets(mapped(error, operation, write), secrets);
}

function mapped(error: SuperagentError, operation: string, write: boolean): ProviderError {
  const status = error.response?.status ?? error.status;
  if (status === undefined) {
    // No answer: a reset, a timeout (the client's, which aborts the request), a refused connection. Only a
    // refused connection surely sent nothing: fromResponse reads it from `cause`, Node's own error with its code.
    const reason = error.timeout ? `timed out after ${error.timeout} ms; the request was aborted` : (error.code ?? 'network error');
    return ProviderError.fromResponse({
      provider: 'asana',
      operation,
      write,
      message: `Asana did not answer (${reason})`,
      providerCode: error.timeout ? 'timeout' : (error.code ?? 'network_error'),
      cause: error,
    });
  }
  const messages = asanaMessages(error.response?.body, error.response?.text);
  return ProviderError.fromResponse({
    provider: 'asana',
    operation,
    write,
    status,
    headers: error.response?.headers,
    message: messages.join('; ') || error.message || 'request failed',
    providerCode: STATUS_CODES[status] ?? (status >= 500 ? 'server_error' : `http_${status}`),
    requestIdHeaders: ['x-request-id', 'x-asana-request-id'],
    details: { asanaErrors: messages },
    // A 2xx or 3xx that still failed (an answer that would not parse, a redirect): worth another try.
    ...(status < 400 ? { overrides: { isRetryable: true } } : {}),
  });
}

/** Asana's `{ errors: [{ message, help }] }`, or any other JSON error body's message. */
function asanaMessages(body: unknown, text: string | undefined): string[] {
  if (body && typeof body === 'object') {
    const errors = (body as { errors?: unknown }).errors;
    if (Array.isArray(errors)) return errors.map((entry) => String((entry as { message?: unknown })?.message ?? '')).filter(Boolean);
    const message = (body as { message?: unknown }).message;
    if (typeof message === 'string') return [message];
  }
  return text && text.length < 300 ? [text] : [];
}
