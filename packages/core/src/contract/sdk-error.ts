// Failed calls as most SDKs throw them (Stripe's, Octokit's, axios' and superagent's, a fetch wrapper's):
// read into ProviderError.fromResponse with the rules every provider shares, so a connector's error mapping
// states only what is its provider's own.
import { BackspaceError, ProviderError, type ProviderFailure } from '../errors.js';

/** A call to a provider, as its failure names it: for `fromSdkError` and a connector's error mapping. */
export interface ProviderCall {
  provider: string;
  /** What was asked (`POST /v1/customers`, `customers.update`): it begins the message. */
  operation: string;
  /** Whether the request could change something: a write with no answer, or a 5xx, may have landed. */
  write: boolean;
  /** Tokens the error might echo: scrubbed from its message, code and request id. */
  secrets: readonly string[];
}

/** What the provider does differently from the shared reading (its own code, details, overrides). */
export type SdkErrorReading = Partial<Pick<ProviderFailure, 'message' | 'providerCode' | 'refused' | 'requestIdHeaders' | 'shouldRetryHeaders' | 'details' | 'overrides'>> & {
  /**
   * The provider refused the idempotency key as already used with other parameters (Stripe's
   * `idempotency_error`; the IETF Idempotency-Key draft's 422): Backspace's `idempotency_conflict`, the
   * caller's mistake to mend with a new key, not a provider failure to retry.
   */
  keyReused?: boolean | undefined;
};

/** The shape SDK errors share, any part of it possibly absent. */
interface SdkErrorShape {
  status?: unknown;
  statusCode?: unknown;
  headers?: unknown;
  code?: unknown;
  message?: unknown;
  requestId?: unknown;
  response?: { status?: unknown; headers?: unknown } | null;
}

/**
 * A ProviderError from an SDK's error: its HTTP status (`status`, `statusCode` or `response.status`; none
 * when no answer came), the answer's headers (`headers` or `response.headers`: Retry-After, the request
 * id), the provider's code (a string `code`), its message, and a `requestId` the SDK read itself; the
 * `idempotency_conflict` BackspaceError instead where the provider says the key was reused (`keyReused`).
 */
export function fromSdkError(error: unknown, call: ProviderCall, { keyReused, ...own }: SdkErrorReading = {}): ProviderError | BackspaceError {
  if (keyReused) {
    return new BackspaceError('idempotency_conflict', `${call.provider} ${call.operation}: the idempotency key was already used with other parameters${own.providerCode ? ` (${own.providerCode})` : ''}; use a new key for a new call`, { cause: error });
  }
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SdkErrorShape;
  const status = [shape.status, shape.statusCode, shape.response?.status].find((value): value is number => typeof value === 'number' && value >= 100 && value <= 599);
  const headers = plainHeaders(shape.headers ?? shape.response?.headers);
  if (typeof shape.requestId === 'string' && !('x-request-id' in headers || 'request-id' in headers)) headers['x-request-id'] = shape.requestId;
  return ProviderError.fromResponse({
    ...call,
    status,
    headers,
    message: typeof shape.message === 'string' && shape.message !== '' ? shape.message : String(error),
    providerCode: typeof shape.code === 'string' ? shape.code : undefined,
    cause: error,
    ...withoutUndefined(own),
  });
}

/** Headers as a record with lower-case names, from a fetch `Headers`, a plain object, or nothing. */
function plainHeaders(headers: unknown): Record<string, string> {
  const plain: Record<string, string> = {};
  if (typeof headers !== 'object' || headers === null) return plain;
  const entries = typeof (headers as Headers).forEach === 'function' && typeof (headers as Headers).get === 'function' ? [...(headers as Headers).entries()] : Object.entries(headers);
  for (const [name, value] of entries) {
    const first: unknown = Array.isArray(value) ? value[0] : value;
    if (typeof first === 'string' || typeof first === 'number') plain[name.toLowerCase()] = String(first);
  }
  return plain;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
