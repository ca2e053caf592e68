// For tests: what a person's SDK says of a request Stripe refused, so several cases are compared at once
// (a request answered is told apart). The message as Stripe sent it: the SDK may put the request's id before it.
import type Stripe from 'stripe';

export interface Refusal {
  statusCode: number | undefined;
  type: string;
  code: string | undefined;
  declineCode: string | undefined;
  param: string | undefined;
  message: string;
}

export const refusal = (promise: Promise<unknown>): Promise<Refusal | 'answered, not refused'> =>
  promise.then(
    () => 'answered, not refused' as const,
    (error: Stripe.errors.StripeError) => ({
      statusCode: error.statusCode,
      type: error.type,
      code: error.code,
      declineCode: error.decline_code,
      param: error.param,
      message: error.message.replace(/^\[req_\w+\] /, ''),
    }),
  );
