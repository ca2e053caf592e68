// Errors as Asana sends them: `{ errors: [{ message, help }] }`, thrown from anywhere in a route.
import { SimulatorHttpError, type RateLimitResponder } from '@backspace/simulator-kit';

export const ERRORS_HELP = 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

export function asanaErrorBody(message: string) {
  return { errors: [{ message, help: ERRORS_HELP }] };
}

export function asanaError(status: number, message: string, headers?: Record<string, string>): SimulatorHttpError {
  return new SimulatorHttpError(status, asanaErrorBody(message), headers);
}

export const badRequest = (message: string) => asanaError(400, message);
export const notFound = (gid: string) => asanaError(404, `Unknown object: ${gid}`);
export const forbidden = (message: string) => asanaError(403, message);

/** Asana's answer past its request budget: 429, `Retry-After` in seconds, the usual error body. */
export const asanaRateLimitResponse: RateLimitResponder = (retryAfterSeconds) => ({
  status: 429,
  headers: { 'retry-after': String(retryAfterSeconds) },
  body: asanaErrorBody('You have made too many requests recently. Please, be chill.'),
});
