// Typed errors: one base class with a cross-realm marker, a stable `code` and `isRetryable`; each
// subclass has a marker of its own, so `ProviderError.isInstance` answers for provider errors only.
import { scrubSecrets } from './runtime/redact.js';

const marker = Symbol.for('backspace.error');
const invalidInputMarker = Symbol.for('backspace.error.invalid_input');
const providerMarker = Symbol.for('backspace.error.provider');

export type ErrorCode =
  | 'invalid_input'
  | 'unknown_action'
  | 'idempotency_conflict'
  | 'in_flight'
  | 'killed'
  | 'blocked'
  | 'approval_required'
  | 'approval_denied'
  | 'approval_expired'
  | 'approval_not_found'
  | 'session_ended'
  | 'session_not_found'
  | 'session_active'
  | 'provider_error'
  | 'outcome_unknown'
  | 'compensation_failed'
  | 'rollback_in_progress'
  | 'unauthorized'
  | 'journal_unavailable'
  | 'journal_tampered'
  | 'invalid_config'
  // Operators' tools (the CLI): a target that is not in the journal, or a prefix that names several.
  | 'ambiguous_id'
  | 'action_not_found'
  | 'agent_not_found'
  | 'kill_not_found'
  | 'confirmation_required'
  | 'simulators_not_running'
  // The command center: a rollback page for a rollback this server never started (or forgot).
  | 'rollback_not_found';

export interface BackspaceErrorOptions {
  cause?: unknown;
  isRetryable?: boolean;
  details?: Record<string, unknown>;
}

export class BackspaceError extends Error {
  readonly [marker] = true;
  readonly code: ErrorCode;
  readonly isRetryable: boolean;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, options: BackspaceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'BackspaceError';
    this.code = code;
    this.isRetryable = options.isRetryable ?? false;
    this.details = options.details ?? {};
  }

  static isInstance(error: unknown): error is BackspaceError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[marker] === true;
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, isRetryable: this.isRetryable, ...this.details };
  }
}

export interface FieldIssue {
  path: string;
  message: string;
}

export class InvalidInputError extends BackspaceError {
  readonly [invalidInputMarker] = true;
  readonly issues: FieldIssue[];
  constructor(action: string, issues: FieldIssue[]) {
    const listed = issues.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; ');
    super('invalid_input', `invalid input for ${action}: ${listed}`, { details: { action, issues } });
    this.name = 'InvalidInputError';
    this.issues = issues;
  }

  static override isInstance(error: unknown): error is InvalidInputError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[invalidInputMarker] === true;
  }
}

export interface ProviderErrorOptions extends BackspaceErrorOptions {
  provider: string;
  status?: number;
  requestId?: string;
  /** The provider's own error code or string (`channel_not_found`, `validation_error`, ...). */
  providerCode?: string;
  retryAfterMs?: number;
  /** True when the request may have reached the provider and committed (timeout, reset, 5xx on a write). */
  outcomeUnknown?: boolean;
}

/** What a connector knows of a failed request, for `ProviderError.fromResponse`. */
export interface ProviderFailure {
  provider: string;
  /** What was asked (`POST /v1/customers`, `issues.update`): it begins the message. */
  operation: string;
  /** Whether the request could change something: a write with no answer, or a 5xx, may have landed. */
  write: boolean;
  /** The HTTP status; absent when no answer came (a timeout, a reset, a refused connection). */
  status?: number | undefined;
  /** The answer's headers, names in any case: Retry-After and the request id are read from them. */
  headers?: Headers | Readonly<Record<string, string | string[] | number | undefined>> | undefined;
  /** The provider's own message (or the network failure's). */
  message: string;
  /** The provider's own error code or string (`resource_missing`, `channel_not_found`). */
  providerCode?: string | undefined;
  /**
   * No answer, and the request surely never left (a refused connection, an unknown host): nothing landed.
   * Default: read from `cause` (its system error code, or its causes' up to five deep).
   */
  refused?: boolean | undefined;
  /** Headers that carry the request id, first found wins (default: x-request-id, request-id). */
  requestIdHeaders?: readonly string[] | undefined;
  /**
   * Headers in which the provider says whether to retry (`true` or `false`), first found wins; where one
   * is sent it decides (default: x-should-retry, as the APIs behind Stainless-built SDKs send it, and
   * Stripe's stripe-should-retry).
   */
  shouldRetryHeaders?: readonly string[] | undefined;
  /** Tokens the message or headers might echo: replaced before the error exists. */
  secrets?: readonly string[] | undefined;
  cause?: unknown;
  details?: Record<string, unknown> | undefined;
  /** Where the provider's own rules differ (GitHub's 403 with an exhausted limit is a rate limit). */
  overrides?: Partial<Pick<ProviderErrorOptions, 'isRetryable' | 'outcomeUnknown' | 'retryAfterMs'>> | undefined;
}

/** A provider call failed. Messages carry the provider's message, never a token. */
export class ProviderError extends BackspaceError {
  readonly [providerMarker] = true;
  readonly provider: string;
  readonly status: number | undefined;
  readonly requestId: string | undefined;
  readonly providerCode: string | undefined;
  readonly retryAfterMs: number | undefined;
  readonly outcomeUnknown: boolean;

  constructor(message: string, options: ProviderErrorOptions) {
    const { provider, status, requestId, providerCode, retryAfterMs } = options;
    super('provider_error', message, {
      ...options,
      details: { provider, status, requestId, providerCode, retryAfterMs, ...options.details },
    });
    this.name = 'ProviderError';
    this.provider = provider;
    this.status = status;
    this.requestId = requestId;
    this.providerCode = providerCode;
    this.retryAfterMs = retryAfterMs;
    this.outcomeUnknown = options.outcomeUnknown ?? false;
  }

  static override isInstance(error: unknown): error is ProviderError {
    return typeof error === 'object' && error !== null && (error as Record<symbol, unknown>)[providerMarker] === true;
  }

  /**
   * The one way a connector turns a failed request into an error, with the rules every provider shares:
   * retryable on no answer, 408, 429 and 5xx; a write's outcome unknown unless the provider refused it
   * (any other 4xx) or it never left; Retry-After in seconds or as an HTTP date; the request id from the
   * answer's headers; a should-retry header, where the provider sends one, deciding retrying; every
   * secret scrubbed from the message, code and request id.
   */
  static fromResponse(failure: ProviderFailure): ProviderError {
    const { status, write } = failure;
    const header = (name: string) => headerValue(failure.headers, name);
    const requestId = (failure.requestIdHeaders ?? ['x-request-id', 'request-id']).map(header).find((value) => value !== undefined);
    const retryAfterMs = retryAfterFrom(header('retry-after'));
    const shouldRetry = (failure.shouldRetryHeaders ?? ['x-should-retry', 'stripe-should-retry']).map(header).find((value) => value === 'true' || value === 'false');
    const answered = status !== undefined;
    const refusedByProvider = answered && status >= 400 && status < 500 && status !== 408;
    const scrub = (text: string) => scrubSecrets(text, failure.secrets ?? []);
    return new ProviderError(scrub(`${failure.provider} ${failure.operation}: ${answered ? `${status} ` : 'no answer: '}${failure.message}`), {
      provider: failure.provider,
      ...(answered ? { status } : {}),
      ...(requestId !== undefined ? { requestId: scrub(requestId) } : {}),
      ...(failure.providerCode !== undefined ? { providerCode: scrub(failure.providerCode) } : {}),
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      isRetryable: shouldRetry !== undefined ? shouldRetry === 'true' : !answered || status === 408 || status === 429 || status >= 500,
      outcomeUnknown: write && (answered ? !refusedByProvider : !(failure.refused ?? neverSent(failure.cause))),
      ...(failure.details ? { details: failure.details } : {}),
      ...(failure.cause !== undefined ? { cause: failure.cause } : {}),
      ...failure.overrides,
    });
  }
}

/** System error codes of a connection that was never made: a request sent through it never left. */
/**
 * A lookup that read the provider and still cannot tell whether the write landed: its outcome stays
 * unknown, and the rollback names it for the operator (`why`, then where to check) instead of retrying,
 * which would give the same answer.
 */
export function lookupInconclusive(provider: string, why: string, checkIn: string): ProviderError {
  return new ProviderError(`${provider}: ${why}; check it in ${checkIn}`, { provider, providerCode: LOOKUP_INCONCLUSIVE, outcomeUnknown: true });
}

/** The provider code of `lookupInconclusive`. */
export const LOOKUP_INCONCLUSIVE = 'lookup_inconclusive';

const NOT_CONNECTED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

/**
 * Whether a failed request surely never reached the provider: its error (or one of its causes, up to five
 * deep, through `cause` or an SDK's `detail`) carries the system code of a connection never made.
 */
export function neverSent(error: unknown): boolean {
  for (let at = error, depth = 0; typeof at === 'object' && at !== null && depth < 5; depth++) {
    const { code, cause, detail } = at as { code?: unknown; cause?: unknown; detail?: unknown };
    if (typeof code === 'string' && NOT_CONNECTED.has(code)) return true;
    at = cause ?? detail;
  }
  return false;
}

function headerValue(headers: ProviderFailure['headers'], name: string): string | undefined {
  if (!headers) return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const entry = Object.entries(headers).find(([key]) => key.toLowerCase() === name);
  const value = Array.isArray(entry?.[1]) ? entry[1][0] : entry?.[1];
  return value === undefined ? undefined : String(value);
}

/** Retry-After as milliseconds: delta seconds, or an HTTP date from now; undefined when absent or unreadable. */
function retryAfterFrom(value: string | undefined): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** Whether an error from a provider call is worth retrying: rate limits, 5xx, timeouts and resets. */
export function isRetryableError(error: unknown): boolean {
  return BackspaceError.isInstance(error) && error.isRetryable;
}
