// The interface every provider simulator implements, so conformance suites can drive any of them.
import type { Json, ResourceRef } from '@backspace/core';
import type { FaultInjector } from './faults.js';
import type { SimulatorStats } from './handle-request.js';
import type { RequestLog } from './request-log.js';
import type { SimulatorServer } from './server.js';

/**
 * What `create<Provider>Simulator(options?)` resolves to. `Seed` names the objects the simulator
 * starts with (the repository, the channel, ...), so tests can address them; `inspect()` reads the
 * provider's state directly, never through the API, as the conformance suites' independent reader.
 */
export interface SimulatorHandle<Seed, State> {
  /** The base URL to give the official SDK. */
  readonly url: string;
  readonly seed: Seed;
  /** The agent's token and a person's, both accepted (a connector's demo and conformance use them). */
  readonly tokens: { readonly agent: string; readonly human: string };
  inspect(): State;
  /** One resource's state straight from the records, as a person would see it; null when it does not exist. */
  inspectResource(resource: ResourceRef): Json | null;
  readonly faults: FaultInjector;
  readonly log: RequestLog;
  /** `stats.rateLimited` is what the rollback benchmark reports as rate-limit violations. */
  readonly stats: Readonly<SimulatorStats>;
  close(): Promise<void>;
}

/** The usual way to build a handle: the harness's server plus the provider's seed and state reader. */
export function toSimulatorHandle<Seed, State>(
  server: SimulatorServer,
  seed: Seed,
  inspect: () => State,
  access: Pick<SimulatorHandle<Seed, State>, 'tokens' | 'inspectResource'>,
): SimulatorHandle<Seed, State> {
  return { url: server.url, seed, inspect, tokens: access.tokens, inspectResource: access.inspectResource, faults: server.faults, log: server.log, stats: server.stats, close: () => server.close() };
}
