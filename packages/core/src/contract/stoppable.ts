// For an SDK that takes no signal per call (Stripe's): the kill switch still stops the call at once. The
// request itself runs on unheard, so a write already sent may still land: its outcome is unknown, and a
// rollback's planning looks it up.
import { ProviderError } from '../errors.js';
import { callSignal } from './call-signal.js';
import { fromSdkError, type ProviderCall } from './sdk-error.js';
import { doneWhenGone, isGone, nullWhenGone } from './gone.js';

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

/** How a client built on `SdkClient` calls its SDK and maps its failures. */
export interface SdkClientOptions<Api> {
  provider: string;
  /** The official SDK, built with the agent's token. */
  api: Api;
  /** The tokens it holds: scrubbed from every error it throws. */
  secrets: readonly string[];
  /** The connector's error mapping (default: `fromSdkError`, the shared reading of an SDK's error). */
  toError?: (error: unknown, call: ProviderCall) => unknown;
  /** An error that says the object is not there (default: a ProviderError with status 404 or 410). */
  gone?: (error: unknown) => boolean;
  /** An answer that says the object is deleted (Stripe's `{ deleted: true }`): `find` gives null for it. */
  deleted?: (answer: unknown) => boolean;
}

/**
 * A client on an SDK that takes no signal per call: every call runs under the kill switch (`stoppable`),
 * and its failure becomes the connector's error, the SDK's tokens scrubbed from it.
 */
export class SdkClient<Api> {
  readonly api: Api;

  constructor(private readonly sdk: SdkClientOptions<Api>) {
    this.api = sdk.api;
  }

  /** One SDK call; `write` tells whether a lost answer leaves the outcome unknown. */
  call<T>(operation: string, write: boolean, request: (api: Api) => Promise<T>): Promise<T> {
    const call: ProviderCall = { provider: this.sdk.provider, operation, write, secrets: this.sdk.secrets };
    return stoppable(call, () => request(this.api), (error) => (this.sdk.toError ?? fromSdkError)(error, call));
  }

  /** A read of one object: null when it is gone (or its answer says it is deleted). */
  async find<T>(operation: string, request: (api: Api) => Promise<T>): Promise<T | null> {
    const found = await nullWhenGone(() => this.call(operation, false, request), this.sdk.gone ?? isGone);
    return found !== null && this.sdk.deleted?.(found) ? null : found;
  }

  /** A delete an inverse runs, safe to run again (an object already gone is done); reports the object absent, so the answer alone verifies the step. */
  async remove(operation: string, request: (api: Api) => Promise<unknown>): Promise<{ observed: null }> {
    await doneWhenGone(() => this.call(operation, true, request), this.sdk.gone ?? isGone);
    return { observed: null };
  }
}
