// The signal of the call whose work is running (`ActionContext.signal`, aborted by the kill switch), for
// SDKs that build each request in a hook or a `fetch` of the adapter's choosing instead of taking a
// signal per call: the adapter binds its actions and inverses once, and its request hook asks for the
// running call's signal. One scope for every adapter (AsyncLocalStorage).
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ActionContext, ActionDefinition } from './action.js';
import type { CompensationOperation } from './adapter.js';

const running = new AsyncLocalStorage<AbortSignal>();

/** Runs `work` with `signal` as the running call's signal (as it is, when there is none). */
export function withCallSignal<T>(signal: AbortSignal | undefined, work: () => Promise<T>): Promise<T> {
  return signal ? running.run(signal, work) : work();
}

/** The running call's signal, if its work was bound to one. */
export function callSignal(): AbortSignal | undefined {
  return running.getStore();
}

/** A request's signal: a fresh timeout, joined with the request's own signal and the running call's. */
export function requestSignal(timeoutMs: number, own?: AbortSignal): AbortSignal {
  return joinSignals(timeoutSignal(timeoutMs), own, running.getStore());
}

/**
 * One signal aborted when any of the given ones is (with its reason). Unlike `AbortSignal.any`, which holds
 * its sources weakly, each source holds the joined signal through its listener: a source nothing else
 * refers to (a timeout) still reaches it.
 */
export function joinSignals(...signals: (AbortSignal | undefined)[]): AbortSignal {
  const sources = signals.filter((signal): signal is AbortSignal => signal !== undefined);
  if (sources.length === 1) return sources[0]!;
  const joined = new AbortController();
  for (const source of sources) {
    if (source.aborted) {
      joined.abort(source.reason);
      break;
    }
    source.addEventListener('abort', () => joined.abort(source.reason), { once: true });
  }
  return joined.signal;
}

/**
 * Like `AbortSignal.timeout`, held by its own timer: an `AbortSignal.timeout` that only `AbortSignal.any`
 * refers to can be collected before it fires, and the request then never times out.
 */
export function timeoutSignal(timeoutMs: number): AbortSignal {
  const controller = new AbortController();
  setTimeout(() => controller.abort(new DOMException('The operation was aborted due to timeout', 'TimeoutError')), timeoutMs).unref();
  return controller.signal;
}

/** The action with its pre-state read, write and lookup each run under its call's signal. */
export function boundToCallSignal<Action extends ActionDefinition<any, any, any>>(action: Action): Action {
  const { snapshot, execute, lookup, inverses }: ActionDefinition = action;
  return {
    ...action,
    ...(snapshot ? { snapshot: (input: unknown, context: ActionContext) => withCallSignal(context.signal, () => snapshot(input, context)) } : {}),
    execute: (input: unknown, context: ActionContext) => withCallSignal(context.signal, () => execute(input, context)),
    ...(lookup ? { lookup: (input: unknown, context: ActionContext) => withCallSignal(context.signal, () => lookup(input, context)) } : {}),
    // The inverses declared beside the action run under their run's signal too.
    ...(inverses ? { inverses: compensationsBoundToCallSignal(inverses) } : {}),
  };
}

/** Each compensation operation run under its run's signal. */
export function compensationsBoundToCallSignal<Client>(operations: Record<string, CompensationOperation<Client>>): Record<string, CompensationOperation<Client>> {
  return Object.fromEntries(
    Object.entries(operations).map(([name, operation]) => [name, { ...operation, run: (input: unknown, context) => withCallSignal(context.signal, () => operation.run(input, context)) }]),
  );
}
