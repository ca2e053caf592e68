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

/**
 * The virtual clock with a person who acts once, halfway through the first long wait (5 s or more: a
 * history tier's minute, a rate limit's window) after `arm`; it can also move on by itself (`pass`: the
 * seconds a rollback's own requests take).
 */
export function clockWithPerson(): Clock & { pass(ms: number): void; arm(act: () => Promise<void>): void; acted(): boolean } {
  const base = virtualClock();
  let passed = 0;
  let pending: (() => Promise<void>) | undefined;
  let done = false;
  return {
    now: () => base.now() + passed,
    sleep: async (ms) => {
      const act = ms >= 5_000 ? pending : undefined;
      if (!act) return base.sleep(ms);
      pending = undefined;
      await base.sleep(ms / 2);
      await act();
      done = true;
      await base.sleep(ms - ms / 2);
    },
    pass: (ms) => {
      passed += ms;
    },
    arm: (act) => {
      pending = act;
    },
    acted: () => done,
  };
}
