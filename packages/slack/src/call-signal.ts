// Every Web API request an action makes carries its call's signal (`ActionContext.signal`, which the kill
// switch aborts). The WebClient takes no signal per call, only a `fetch` of our choosing: this one joins
// the signal of the call whose work is running (scoped with AsyncLocalStorage) to the client's timeout.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FetchFunction } from '@slack/web-api';
import type { ActionDefinition } from '@backspace/core';

const callSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with every request a `stoppableFetch` client makes for it stopped by `signal`. */
export function withCallSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return signal ? callSignal.run(signal, work) : work();
}

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
  const caller = callSignal.getStore();
  if (!caller) return globalThis.fetch(url, init as RequestInit);
  if (caller.aborted) throw new StoppedByCaller(false, caller.reason);
  const signal = init?.signal ? AbortSignal.any([init.signal, caller]) : caller;
  try {
    return await globalThis.fetch(url, { ...init, signal } as RequestInit);
  } catch (error) {
    if (caller.aborted) throw new StoppedByCaller(true, caller.reason);
    throw error;
  }
};

/** The action with its pre-state read, write and lookup each bound to its call's signal. */
export function boundToCallSignal<Input, Result, Client>(action: ActionDefinition<Input, Result, Client>): ActionDefinition<Input, Result, Client> {
  const { snapshot, execute, lookup } = action;
  return {
    ...action,
    ...(snapshot ? { snapshot: (input, context) => withCallSignal(context.signal, () => snapshot(input, context)) } : {}),
    execute: (input, context) => withCallSignal(context.signal, () => execute(input, context)),
    ...(lookup ? { lookup: (input, context) => withCallSignal(context.signal, () => lookup(input, context)) } : {}),
  };
}
