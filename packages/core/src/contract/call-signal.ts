// The signal of the call whose work is running (`ActionContext.signal`, aborted by the kill switch), for
// SDKs that build each request in a hook or a `fetch` of the adapter's choosing instead of taking a
// signal per call: the runtime runs each action's write and lookup under its call's signal, and the
// adapter's request hook asks for it. One scope for every adapter (AsyncLocalStorage).
import { AsyncLocalStorage } from 'node:async_hooks';

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
