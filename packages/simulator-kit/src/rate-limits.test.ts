import { scaledClock } from '@backspace/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { createNotesApi } from './notes-api.fixture.js';
import type { RateLimitRule } from './rate-limits.js';
import { RETRY_AFTER_MS_HEADER } from './responses.js';
import { startSimulatorServer, type SimulatorServer, type SimulatorServerOptions } from './server.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(rateLimits: RateLimitRule[], clock: SimulatorServerOptions['clock'] = createManualClock(0)) {
  server = await startSimulatorServer({ router: createNotesApi().router, clock, rateLimits });
  const running = server;
  const increment = (token = 'agent') =>
    fetch(`${running.url}/counter/increment`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  return { server: running, increment };
}

const writes: RateLimitRule = { family: 'writes', match: { method: 'POST' }, limit: 3, windowMs: 60_000 };

describe('rate limits', () => {
  it('answers the N+1th request in a window with 429 and Retry-After, and counts it', async () => {
    const clock = createManualClock(0);
    const { server: running, increment } = await start([writes], clock);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await increment()).status).toBe(200);
    clock.advance(20_500);
    const limited = await increment();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('40');
    expect(limited.headers.get(RETRY_AFTER_MS_HEADER)).toBe('39500');
    expect(running.stats.rateLimited).toBe(1);
    expect(running.log.entries().at(-1)).toMatchObject({ status: 429, rateLimitFamily: 'writes' });
    // A refused request spends nothing; the window still ends on time.
    clock.advance(39_499);
    expect((await increment()).status).toBe(429);
    clock.advance(1);
    expect((await increment()).status).toBe(200);
    expect(running.stats.rateLimited).toBe(2);
  });

  it('keeps a budget per token by default, or one shared budget when global', async () => {
    const { increment } = await start([{ ...writes, limit: 1 }]);
    expect((await increment('agent')).status).toBe(200);
    expect((await increment('agent')).status).toBe(429);
    expect((await increment('human')).status).toBe(200);

    await server?.close();
    const shared = await start([{ ...writes, limit: 1, per: 'global' }]);
    expect((await shared.increment('agent')).status).toBe(200);
    expect((await shared.increment('human')).status).toBe(429);
  });

  it('applies only to its route family and reports usage', async () => {
    const { server: running, increment } = await start([{ ...writes, limit: 1 }]);
    expect((await increment()).status).toBe(200);
    for (let attempt = 0; attempt < 3; attempt += 1) expect((await fetch(`${running.url}/counter`)).status).toBe(200);
    expect(running.rateLimits.usage()).toEqual([{ family: 'writes', key: 'user:user-1', count: 1, resetAt: 60_000 }]);
    running.rateLimits.reset();
    expect((await increment()).status).toBe(200);
  });

  it('answers in the provider’s shape when the rule has a responder', async () => {
    const { increment } = await start([
      {
        ...writes,
        limit: 0,
        respond: (seconds, _request, detail) => ({
          status: 403,
          headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.ceil(detail.resetAt / 1000)) },
          body: { message: `API rate limit exceeded for ${detail.family}; ${seconds}s` },
        }),
      },
    ]);
    const limited = await increment();
    expect(limited.status).toBe(403);
    expect(limited.headers.get('x-ratelimit-reset')).toBe('60');
    expect(limited.headers.get(RETRY_AFTER_MS_HEADER)).toBe('60000');
    expect(await limited.json()).toEqual({ message: 'API rate limit exceeded for writes; 60s' });
  });

  it('on scaledClock(60) a two-minute window passes in about two real seconds', async () => {
    const clock = scaledClock(60);
    const { server: running, increment } = await start([{ ...writes, limit: 2, windowMs: 120_000 }], clock);
    expect((await increment()).status).toBe(200);
    expect((await increment()).status).toBe(200);
    const limited = await increment();
    expect(limited.status).toBe(429);
    const retryAfterSeconds = Number(limited.headers.get('retry-after'));
    const retryAfterMs = Number(limited.headers.get(RETRY_AFTER_MS_HEADER));
    expect(retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(retryAfterMs).toBeLessThanOrEqual(retryAfterSeconds * 1000);
    // Waiting the exact wait on the same clock takes about retryAfterMs / 60 real ms (under the
    // test timeout, unlike the two real minutes an unscaled window would need).
    const started = performance.now();
    await clock.sleep(retryAfterMs + 60);
    expect(performance.now() - started).toBeGreaterThanOrEqual(retryAfterMs / 60 - 50);
    expect((await increment()).status).toBe(200);
    expect(running.stats.rateLimited).toBe(1);
  });
});
