// Shared by this package's tests: a simulator with the agent's adapter on it, and a direct reader.
import type { Clock, Json, ResourceRef } from '@backspace/core';
import { createSlackAdapter } from './slack-adapter.js';
import { createSlackSimulator, type SlackSimulator, type SlackSimulatorOptions } from './simulator/index.js';

export async function startSlack(options: SlackSimulatorOptions & { correction?: 'replace' | 'thread-reply' } = {}) {
  const simulator = await createSlackSimulator(options);
  // The adapter paces its history reads on the simulator's clock, told the app kind the simulator plays.
  const adapter = createSlackAdapter({
    token: simulator.seed.tokens.agent,
    baseUrl: simulator.url,
    ...(options.correction ? { correction: options.correction } : {}),
    ...(options.appKind ? { appKind: options.appKind } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  });
  return { simulator, adapter, inspect: (resource: ResourceRef) => inspectResource(simulator, resource) };
}


/** Reads the simulator's state for one resource, never through the adapter or the API. */
export function inspectResource(simulator: SlackSimulator, resource: ResourceRef): Json | null {
  return simulator.inspectResource(resource);
}

/**
 * A clock that moves only by what its callers sleep, at once: a rate-limit wait of a minute takes no
 * real time, and a test's timeline is the same on every run (shared by the simulator, the adapter and
 * the runtime, it is the one time they all see).
 */
export function virtualClock(start = Date.UTC(2026, 3, 1, 9)): Clock {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += Math.max(0, ms);
    },
  };
}
