// Time as the runtime, rollback engine and simulators see it; scalable so tests run rate limits fast.

export interface Clock {
  /** Milliseconds since the epoch on this clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
  /**
   * Optional, for a clock that runs faster than real time: how far it has moved while anything slept on
   * it, in all. What ages a rollback's plan on it (rollback/plan-age.ts) is then its waits, not the
   * machine's compute time multiplied. A clock without it ages plans by `now()`.
   */
  waited?(): number;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms))),
};

/**
 * A clock that runs `speed` times faster than real time: a provider's one-minute rate-limit window
 * passes in one second at speed 60. Starts at the real current time.
 */
export function scaledClock(speed: number): Clock {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new TypeError(`clock speed must be a positive number, got ${speed}`);
  const realStart = performance.now();
  const start = Date.now();
  let waited = 0;
  return {
    now: () => start + (performance.now() - realStart) * speed,
    sleep: (ms) => {
      waited += Math.max(0, ms);
      return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed)));
    },
    waited: () => waited,
  };
}
