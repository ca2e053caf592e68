// A per-provider pacer (GCRA): requests are spaced at the provider's rate, with an optional burst.
import type { Clock } from '../contract/clock.js';
import type { RateLimit } from '../contract/adapter.js';

export class RateLimiter {
  private readonly interval: number;
  private readonly tolerance: number;
  private theoreticalArrival = -Infinity;

  constructor(
    private readonly clock: Clock,
    limit: RateLimit,
  ) {
    this.interval = 1000 / limit.perSecond;
    this.tolerance = (Math.max(1, limit.burst ?? 1) - 1) * this.interval;
  }

  /** Reserves the next slot and waits for it; callers are served in the order they ask. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const arrival = Math.max(this.theoreticalArrival, now);
    this.theoreticalArrival = arrival + this.interval;
    const wait = arrival - this.tolerance - now;
    if (wait > 0) await this.clock.sleep(wait);
  }

  /** After a 429: nobody new goes before `ms` from now. */
  pause(ms: number): void {
    this.theoreticalArrival = Math.max(this.theoreticalArrival, this.clock.now() + ms + this.tolerance);
  }
}
