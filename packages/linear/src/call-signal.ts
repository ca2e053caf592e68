// Every GraphQL request an action makes carries its call's signal (`ActionContext.signal`, which the kill
// switch aborts). LinearClient hands its options to fetch with each request (`signal` among them, as
// RequestInit): the adapter's client reads its signal afresh per request, the call's (scoped with
// AsyncLocalStorage) joined to the request's own timeout.
import { AsyncLocalStorage } from 'node:async_hooks';
import { ProviderError, type ActionDefinition } from '@backspace/core';

const callSignal = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with every request the adapter's client makes for it stopped by `signal`. */
export function withCallSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return signal ? callSignal.run(signal, work) : work();
}

/** A request's signal: a fresh timeout, joined with the running call's signal when there is one. */
export function requestSignal(timeoutMs: number): AbortSignal {
  const timeout = AbortSignal.timeout(timeoutMs);
  const caller = callSignal.getStore();
  return caller ? AbortSignal.any([caller, timeout]) : timeout;
}

/**
 * The failure of a request whose call the kill switch stopped, or undefined when the call was not
 * stopped. Not retried; a write may have reached Linear before the stop, so its outcome is unknown.
 */
export function stoppedByCaller(cause: unknown): ProviderError | undefined {
  if (!callSignal.getStore()?.aborted) return undefined;
  return new ProviderError('linear: stopped by the caller before Linear answered', { provider: 'linear', providerCode: 'aborted', isRetryable: false, outcomeUnknown: true, cause });
}

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
