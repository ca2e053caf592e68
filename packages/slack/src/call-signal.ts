// Every Web API request an action makes carries its call's signal (`ActionContext.signal`, which the kill
// switch aborts). The WebClient takes no signal per call, only a `fetch` of our choosing: this one joins
// the signal of the call whose work is running (scoped with AsyncLocalStorage) to the client's timeout.
import type { FetchFunction } from '@slack/web-api';
import { callSignal, joinSignals } from '@backspace/core';

/** A request stopped by its caller (the kill switch) before Slack answered; the WebClient wraps it as a request error. */
export class StoppedByCaller extends Error {
  override readonly name = 'StoppedByCaller';
  constructor(
    /** Whether the request had left: a write stopped after it may still land. */
    readonly sent: boolean,
    cause: unknown,
  ) {
    super(sent ? 'stopped by the caller before Slack answered' : 'stopped by the caller before the request was sent', { cause });
  }
}

/**
 * The `fetch` the adapter gives its WebClient (`WebClientOptions.fetch`; give it to a ready client of your
 * own too, so a kill reaches its requests): the client's own timeout signal joined with the running call's.
 * A request whose call is already stopped is never sent.
 */
export const stoppableFetch: FetchFunction = async (url, init) => {
  const caller = callSignal();
  if (!caller) return globalThis.fetch(url, init as RequestInit);
  if (caller.aborted) throw new StoppedByCaller(false, caller.reason);
  const signal = joinSignals(init?.signal as AbortSignal | undefined, caller);
  try {
    return await globalThis.fetch(url, { ...init, signal } as RequestInit);
  } catch (error) {
    if (caller.aborted) throw new StoppedByCaller(true, caller.reason);
    throw error;
  }
};
