import { describe, expect, it } from 'vitest';
import type { Clock } from '../contract/clock.js';
import { RateLimiter } from './rate-limiter.js';

function fakeClock(): Clock & { slept: number[] } {
  let now = 0;
  const slept: number[] = [];
  return { slept, now: () => now, sleep: async (ms) => { slept.push(ms); now += ms; } };
}

describe('rate limiter', () => {
  it('spaces requests at the provider rate, after the burst', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { perSecond: 10, burst: 2 });
    const starts: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      await limiter.acquire();
      starts.push(clock.now());
    }
    expect(starts).toEqual([0, 0, 100, 200, 300]);
  });

  it('holds everyone back after a Retry-After', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { perSecond: 100 });
    await limiter.acquire();
    limiter.pause(5_000);
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });
});
