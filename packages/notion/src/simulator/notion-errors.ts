// Errors as Notion sends them: `{ object: "error", status, code, message, request_id }`.
import { randomUUID } from 'node:crypto';
import { SimulatorHttpError, type RateLimitResponder } from '@backspace/simulator-kit';

export function notionError(status: number, code: string, message: string): SimulatorHttpError {
  const requestId = randomUUID();
  return new SimulatorHttpError(status, { object: 'error', status, code, message, request_id: requestId }, { 'x-notion-request-id': requestId });
}

export const validationError = (message: string) => notionError(400, 'validation_error', message);

export function objectNotFound(kind: string, id: string): SimulatorHttpError {
  return notionError(404, 'object_not_found', `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);
}

export const notionRateLimitResponse: RateLimitResponder = (retryAfterSeconds) => {
  const requestId = randomUUID();
  return {
    status: 429,
    headers: { 'retry-after': String(retryAfterSeconds), 'x-notion-request-id': requestId },
    body: { object: 'error', status: 429, code: 'rate_limited', message: 'You have been rate limited. Please try again in a few minutes.', request_id: requestId },
  };
};

/** Notion's answer when concurrent transactions collide; inject it with `faults.inject({ kind: 'server-error', status: 409, respond: conflictResponse })`. */
export function conflictResponse() {
  return notionError(409, 'conflict_error', 'Conflict occurred while saving. Please try again.').response;
}
