// The HTTP status each Backspace error code answers with. Keyed by every code core defines, so a code
// added to core fails the typecheck here until it is given a status, rather than answering 500.
import type { ErrorCode } from '@backspace/core';

export type ErrorStatus = 400 | 403 | 404 | 409 | 410 | 502 | 503;

export const STATUS_OF: Record<ErrorCode, ErrorStatus> = {
  // What the request asked for is malformed, or names several things where it must name one.
  invalid_input: 400,
  invalid_config: 400,
  unknown_action: 400,
  ambiguous_id: 400,
  confirmation_required: 400,
  // Refused by who is asking or by policy.
  unauthorized: 403,
  blocked: 403,
  approval_denied: 403,
  // Named something the journal (or this server) does not hold.
  session_not_found: 404,
  agent_not_found: 404,
  action_not_found: 404,
  approval_not_found: 404,
  rollback_not_found: 404,
  kill_not_found: 404,
  approval_expired: 410,
  // The state of the journal or of a session stands in the way; reading it again shows why.
  session_active: 409,
  session_ended: 409,
  rollback_in_progress: 409,
  journal_tampered: 409,
  simulators_not_running: 409,
  idempotency_conflict: 409,
  in_flight: 409,
  killed: 409,
  approval_required: 409,
  // A provider failed, or left a write's outcome unknown: the fault is upstream of this server.
  provider_error: 502,
  outcome_unknown: 502,
  compensation_failed: 502,
  // The journal cannot be read or written just now (locked, read-only, its database down).
  journal_unavailable: 503,
};

/** Seconds a client waits before asking again, for an error that may pass on its own. */
export const RETRY_AFTER_SECONDS = 5;
