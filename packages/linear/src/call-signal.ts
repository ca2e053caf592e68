// Every GraphQL request an action makes carries its call's signal (`ActionContext.signal`, which the kill
// switch aborts). LinearClient hands its options to fetch with each request (`signal` among them, as
// RequestInit): the adapter's client reads its signal afresh per request, the call's (scoped with
// AsyncLocalStorage) joined to the request's own timeout.
import { callSignal, ProviderError } from '@backspace/core';

/**
 * The failure of a request whose call the kill switch stopped, or undefined when the call was not
 * stopped. Not retried; a write may have reached Linear before the stop, so its outcome is unknown.
 */
export function stoppedByCaller(cause: unknown): ProviderError | undefined {
  if (!callSignal()?.aborted) return undefined;
  return new ProviderError('linear: stopped by the caller before Linear answered', { provider: 'linear', providerCode: 'aborted', isRetryable: false, outcomeUnknown: true, cause });
}
