// How old planning's reading of a resource is when its step runs: the real time since, or, when longer,
// how far the runtime's clock moved since (a Retry-After waited out, pacing under a rate limit, a
// provider's tier an adapter waits for). A clock that runs fast in tests (scaledClock) counts only its
// waits (`Clock.waited`), not the machine's compute time multiplied, so a replay makes the requests its
// recording made.
import type { Clock } from '../contract/clock.js';

export interface PlanMark {
  /** performance.now() when the reading began. */
  real: number;
  /** The clock then: its waits so far where it counts them, else its time. */
  clock: number;
}

const clockReading = (clock: Clock): number => clock.waited?.() ?? clock.now();

export function planMark(clock: Clock): PlanMark {
  return { real: performance.now(), clock: clockReading(clock) };
}

/** Milliseconds since `mark`: real time, or how far the clock moved since, whichever is more. */
export function ageOf(mark: PlanMark, clock: Clock): number {
  return Math.max(performance.now() - mark.real, clockReading(clock) - mark.clock);
}
