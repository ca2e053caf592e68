// Typed errors: one base class with a cross-realm marker, a stable `code` and `isRetryable`.

const marker = Symbol.for('backspace.error');

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
  readonly issues: FieldIssue[];
  constructor(action: string, issues: FieldIssue[]) {
    const listed = issues.map((issue) => `${issue.path || '(input)'}: ${issue.message}`).join('; ');
    super('invalid_input', `invalid input for ${action}: ${listed}`, { details: { action, issues } });
    this.name = 'InvalidInputError';
    this.issues = issues;
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

/** A provider call failed. Messages carry the provider's message, never a token. */
export class ProviderError extends BackspaceError {
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
}

/** Whether an error from a provider call is worth retrying: rate limits, 5xx, timeouts and resets. */
export function isRetryableError(error: unknown): boolean {
  return BackspaceError.isInstance(error) && error.isRetryable;
}
