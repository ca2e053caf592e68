// For an SDK that takes no signal per call (Stripe's): the kill switch still stops the call at once. The
// request itself runs on unheard, so a write already sent may still land: its outcome is unknown, and a
// rollback's planning looks it up.
import { ProviderError } from '../errors.js';
import { callSignal } from './call-signal.js';

/** What is being asked, as a ProviderError names it. */
export interface StoppableCall {
  provider: string;
  /** `POST /v1/customers`, `customers.update`. */
  operation: string;
  /** Whether the request could change something: a write stopped after it was sent may still land. */
  write: boolean;
}

/**
 * The request's answer, or, as soon as the running call's signal fires (the kill switch), a ProviderError
 * `aborted` that is not retried. Any other failure goes through `toError` (the connector's error mapping).
 */
export async function stoppable<T>(call: StoppableCall, request: () => Promise<T>, toError: (error: unknown) => unknown): Promise<T> {
  const signal = callSignal();
  if (signal?.aborted) throw stopped(call, false);
  try {
    return await (signal ? untilAborted(request(), signal) : request());
  } catch (error) {
    if (signal?.aborted) throw stopped(call, call.write);
    throw toError(error);
  }
}

function stopped({ provider, operation }: StoppableCall, writeSent: boolean): ProviderError {
  return new ProviderError(`${provider} ${operation}: stopped by the kill switch${writeSent ? '; the request was sent, and the write may still land' : ''}`, {
    provider,
    providerCode: 'aborted',
    isRetryable: false,
    outcomeUnknown: writeSent,
  });
}

/** The answer, or a rejection as soon as `signal` fires (the request itself runs on, unheard). */
function untilAborted<T>(pending: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const stop = () => reject(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    pending.then(resolve, reject).finally(() => signal.removeEventListener('abort', stop));
  });
}
