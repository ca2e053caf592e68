// The incident's clock, shared by the simulators and the runtimes: real time plus whatever the run
// skipped. Sleeping (a Retry-After, a backoff) skips ahead at once, so a 429 costs no real second, and
// the simulator's rate windows and scheduled posts see the same time as the runtime.
import type { Clock } from '@backspace/core';

export interface SkippingClock extends Clock {
  advance(ms: number): void;
}

export function skippingClock(): SkippingClock {
  let skipped = 0;
  return {
    now: () => Date.now() + skipped,
    sleep: async (ms) => {
      skipped += Math.max(0, ms);
      await new Promise((resolve) => setImmediate(resolve));
    },
    advance: (ms) => {
      skipped += ms;
    },
  };
}
