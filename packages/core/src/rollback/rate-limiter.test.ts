import { describe, expect, it } from 'vitest';
import type { Clock } from '../contract/clock.js';
import { RateLimiter } from './rate-limiter.js';

function fakeClock(): Clock {
  let now = 0;
  return { now: () => now, sleep: async (ms) => void (now += ms) };
}

describe('rate limiter', () => {
  it('lets a window’s worth go at once, then waits for the oldest send to leave the window', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { requests: 3, windowMs: 1000 });
    const starts: number[] = [];
    for (let index = 0; index < 7; index += 1) {
      await limiter.acquire();
      starts.push(clock.now());
    }
    // 5% margin on the window absorbs jitter between send and the provider counting it.
    expect(starts).toEqual([0, 0, 0, 1050, 1050, 1050, 2100]);
  });

  it('never has more than `requests` sends in any window, whatever order callers come in', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { requests: 5, windowMs: 100 });
    const starts: number[] = [];
    await Promise.all(Array.from({ length: 40 }, () => limiter.acquire().then(() => starts.push(clock.now()))));
    for (const start of starts) expect(starts.filter((other) => other >= start && other < start + 100).length).toBeLessThanOrEqual(5);
  });

  it('counts a slot from the send when its caller does work between taking it and sending', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { requests: 1, windowMs: 1000 });
    const first = await limiter.acquire();
    await clock.sleep(200); // e.g. the journal append that must precede the write
    first.sending();
    await limiter.acquire();
    expect(clock.now()).toBe(200 + 1050);
  });

  it('holds everyone back after a Retry-After', async () => {
    const clock = fakeClock();
    const limiter = new RateLimiter(clock, { requests: 100, windowMs: 1000 });
    await limiter.acquire();
    limiter.pause(5_000);
    await limiter.acquire();
    expect(clock.now()).toBeGreaterThanOrEqual(5_000);
  });
});
