// Time as the runtime, rollback engine and simulators see it; scalable so tests run rate limits fast.

export interface Clock {
  /** Milliseconds since the epoch on this clock. */
  now(): number;
  sleep(ms: number): Promise<void>;
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
  return {
    now: () => start + (performance.now() - realStart) * speed,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms / speed))),
  };
}
