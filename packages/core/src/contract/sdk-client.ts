// SdkClient: the client a connector builds on an official SDK that takes no signal per call. Every call
// runs under the kill switch (`stoppable`), its failure mapped by the connector (default `fromSdkError`)
// with the SDK's tokens scrubbed; `find` and `remove` read and delete the way inverses need.
import { stoppable } from './stoppable.js';
import { fromSdkError, type ProviderCall } from './sdk-error.js';
import { doneWhenGone, isGone, nullWhenGone } from './gone.js';

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
