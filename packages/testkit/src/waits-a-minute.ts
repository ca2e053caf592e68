// A clock for tests of what a person does while a rollback waits: each wait runs the action set with
// `during` first (once), then moves the clock on at least a minute, past a plan's freshness.
import { systemClock, type Clock } from '@backspace/core';

export interface MinuteWaits {
  clock: Clock;
  /** What runs at the next wait on the clock, once. */
  during(action: () => Promise<void>): void;
}

export function waitsAMinute(): MinuteWaits {
  let offset = 0;
  let pending: (() => Promise<void>) | undefined;
  return {
    clock: {
      now: () => systemClock.now() + offset,
      sleep: async (ms) => {
        const run = pending;
        pending = undefined;
        await run?.();
        offset += Math.max(ms, 60_000);
      },
    },
    during: (action) => {
      pending = action;
    },
  };
}
