// Scripted faults: the next matching requests fail the way real networks and services fail.
import { describeMatcher, toRequestPredicate, type RequestMatcher } from './request-match.js';
import type { RateLimitResponder } from './responses.js';
import type { SimulatorRequest, SimulatorResponse } from './types.js';

export type FaultBehaviour =
  /** 429 with `Retry-After` (default 1 s); `respond` shapes it as the provider does. */
  | { kind: 'rate-limit'; retryAfterSeconds?: number; respond?: RateLimitResponder }
  /** A 5xx (default 500) that never reaches the handler: nothing changes. */
  | { kind: 'server-error'; status?: number; respond?: (request: SimulatorRequest) => SimulatorResponse }
  /**
   * Waits `ms` before handling the request normally. `clock: 'real'` (the default) waits real
   * milliseconds, which is what a client's timeout measures; `'simulator'` waits on the simulator
   * clock, so `scaledClock(60)` makes 60 000 ms pass in one real second.
   */
  | { kind: 'delay'; ms: number; clock?: 'real' | 'simulator' }
  /** Destroys the connection without an answer; the handler does not run, nothing changes. */
  | { kind: 'reset' }
  /** The handler runs and its change is kept, then the connection is destroyed: the client sees a reset. */
  | { kind: 'drop-after-commit' };

export type FaultKind = FaultBehaviour['kind'];

/** Where (method and path template, and/or a `when` predicate), how, and how often (default once). */
export type FaultSpec = RequestMatcher & FaultBehaviour & { times?: number };

export interface PendingFault {
  readonly id: number;
  readonly kind: FaultKind;
  readonly target: string;
  readonly remaining: number;
}

export interface FiredFault {
  readonly id: number;
  readonly kind: FaultKind;
  readonly method: string;
  readonly path: string;
  readonly userId: string | null;
  /** Simulator-clock ms. */
  readonly at: number;
}

export interface FaultInjector {
  inject(spec: FaultSpec): PendingFault;
  /** Forgets pending faults and the record of fired ones. */
  clear(): void;
  pending(): PendingFault[];
  fired(): FiredFault[];
  /** Used by the server: the first pending fault matching `request`, counted as fired. */
  take(request: SimulatorRequest): FaultBehaviour | undefined;
}

interface Armed {
  readonly id: number;
  readonly spec: FaultSpec;
  readonly matches: (request: SimulatorRequest) => boolean;
  remaining: number;
}

export function createFaultInjector(): FaultInjector {
  let armed: Armed[] = [];
  let record: FiredFault[] = [];
  let nextId = 1;
  const describe = (fault: Armed): PendingFault => ({
    id: fault.id,
    kind: fault.spec.kind,
    target: describeMatcher(fault.spec),
    remaining: fault.remaining,
  });

  return {
    inject(spec) {
      const times = spec.times ?? 1;
      if (!(times > 0)) throw new RangeError(`a fault's times must be positive, got ${times}`);
      const fault: Armed = { id: nextId++, spec, matches: toRequestPredicate(spec), remaining: times };
      armed.push(fault);
      return describe(fault);
    },
    clear() {
      armed = [];
      record = [];
    },
    pending: () => armed.map(describe),
    fired: () => [...record],
    take(request) {
      const fault = armed.find((candidate) => candidate.matches(request));
      if (!fault) return undefined;
      fault.remaining -= 1;
      if (fault.remaining <= 0) armed = armed.filter((candidate) => candidate !== fault);
      const { id, spec } = fault;
      record.push({ id, kind: spec.kind, method: request.method, path: request.path, userId: request.user?.id ?? null, at: request.clock.now() });
      return spec;
    },
  };
}
