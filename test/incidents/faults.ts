// Faults on the agent's own requests (never a person's): the n-th matching request from now fails the
// way networks and providers fail. People's requests pass untouched, so only Backspace is under test.
import type { SimulatorRequest } from '@backspace/testkit';
import type { Rng } from './rng.js';
import type { IncidentEnvironment } from './providers/types.js';

const KINDS = ['rate-limit', 'server-error', 'reset', 'drop-after-commit'] as const;

export interface ArmOptions {
  /** Only requests that write (a kit's `isWrite`); any agent request when absent. */
  writes?: (request: SimulatorRequest) => boolean;
  /** The fault hits one of the next `within` matching requests. */
  within?: number;
}

/** Arms one fault on the agent's traffic and says what it is, for the trace. */
export function armAgentFault(environment: IncidentEnvironment, rng: Rng, options: ArmOptions = {}): string {
  const kind = rng.pick(KINDS);
  const skip = rng.int(options.within ?? 4);
  const times = rng.chance(0.25) ? 2 : 1;
  let seen = 0;
  const when = (request: SimulatorRequest) => request.user?.token === environment.agentToken && (!options.writes || options.writes(request)) && seen++ >= skip;
  const status = rng.pick([500, 502, 503]);
  if (kind === 'rate-limit') environment.faults.inject({ kind, when, times, retryAfterSeconds: 1 });
  else if (kind === 'server-error') environment.faults.inject({ kind, when, times, status });
  else environment.faults.inject({ kind: kind === 'reset' ? 'reset' : 'drop-after-commit', when, times });
  return `${kind}${kind === 'server-error' ? ` ${status}` : ''} x${times} after ${skip} request(s)${options.writes ? ' (writes)' : ''}`;
}

/**
 * Counts the agent's write requests while `during` runs, with a matcher that sees every request and
 * never fires (so it needs no access to the simulator's internals and changes nothing).
 */
export async function countAgentWrites<T>(environment: IncidentEnvironment, during: () => Promise<T>): Promise<{ result: T; writes: number }> {
  let writes = 0;
  environment.faults.inject({
    kind: 'delay',
    ms: 0,
    when: (request) => {
      if (request.user?.token === environment.agentToken && environment.isWrite(request)) writes += 1;
      return false;
    },
  });
  try {
    return { result: await during(), writes };
  } finally {
    environment.faults.clear();
  }
}
