// A clock that moves only when a test says so: rate-limit windows and delays without real waiting.
import type { Clock } from '@backspace/core';

export interface ManualClock extends Clock {
  /** Moves time forward and wakes every sleeper whose wake-up time has come. */
  advance(ms: number): void;
  /** How many `sleep` calls are still waiting. */
  sleepers(): number;
}

export function createManualClock(start = Date.UTC(2024, 0, 1)): ManualClock {
  let now = start;
  let waiting: { wakeAt: number; wake: () => void }[] = [];
  return {
    now: () => now,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (ms <= 0) resolve();
        else waiting.push({ wakeAt: now + ms, wake: resolve });
      }),
    advance(ms) {
      now += ms;
      const due = waiting.filter((sleeper) => sleeper.wakeAt <= now);
      waiting = waiting.filter((sleeper) => sleeper.wakeAt > now);
      for (const sleeper of due) sleeper.wake();
    },
    sleepers: () => waiting.length,
  };
}
