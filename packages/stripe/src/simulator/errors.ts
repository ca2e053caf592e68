// Stripe's error envelope and the statuses its API answers with (docs.stripe.com/api/errors):
// `{ error: { type, code, param, message } }`, 400 for a bad request, 402 for a card declined,
// 404 for a missing object a path names (400 for one a parameter names), 401 without a key, 429 when the test-mode limit is spent.
import { SimulatorHttpError, type SimulatorResponse } from '@backspace/simulator-kit';

export type StripeErrorType = 'invalid_request_error' | 'card_error' | 'idempotency_error' | 'api_error';

export function stripeError(status: number, type: StripeErrorType, message: string, extra: { code?: string; param?: string; decline_code?: string } = {}): SimulatorResponse {
  return { status, body: { error: { type, message, ...extra, doc_url: extra.code ? `https://stripe.com/docs/error-codes/${extra.code.replaceAll('_', '-')}` : undefined } } };
}

/** Throws Stripe's answer from deep inside a handler (a missing object named by a parameter, say). */
export function fail(response: SimulatorResponse): never {
  throw new SimulatorHttpError(response.status, response.body, response.headers);
}

/** The object a path names is not there: 404. */
export const missing = (kind: string, id: string, param = 'id') =>
  stripeError(404, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

/** An object a body or query parameter names is not there: Stripe calls the request bad (400), naming the parameter. */
export const missingNamed = (kind: string, id: string, param: string) =>
  stripeError(400, 'invalid_request_error', `No such ${kind}: '${id}'`, { code: 'resource_missing', param });

export const invalid = (message: string, param?: string, code?: string) =>
  stripeError(400, 'invalid_request_error', message, { ...(param ? { param } : {}), ...(code ? { code } : {}) });

export const unknownParameter = (param: string) => invalid(`Received unknown parameter: ${param}`, param, 'parameter_unknown');

/** Stripe's test-mode limit answer: 429, `rate_limit`, and `Stripe-Should-Retry: true`. */
export function rateLimited(): SimulatorResponse {
  const response = stripeError(429, 'invalid_request_error', 'Request rate limit exceeded. Learn more about rate limits here https://stripe.com/docs/rate-limits.', { code: 'rate_limit' });
  // Stripe sends no Retry-After (its SDKs back off on their own); the kit adds its exact-wait header for tests.
  return { ...response, headers: { 'stripe-should-retry': 'true' } };
}
