import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { createNotesApi } from './notes-api.fixture.js';
import { RETRY_AFTER_MS_HEADER } from './responses.js';
import { startSimulatorServer, type SimulatorServer } from './server.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(clock = createManualClock()) {
  const api = createNotesApi();
  server = await startSimulatorServer({ router: api.router, clock });
  const increment = () => fetch(`${server!.url}/counter/increment`, { method: 'POST' });
  const readCounter = async () => ((await (await fetch(`${server!.url}/counter`)).json()) as { counter: number }).counter;
  return { api, server, increment, readCounter, clock };
}

describe('fault injection', () => {
  it('answers 429 with Retry-After without running the handler', async () => {
    const { api, server: running, increment } = await start();
    running.faults.inject({ method: 'POST', path: '/counter/increment', kind: 'rate-limit', retryAfterSeconds: 7 });
    const limited = await increment();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get(RETRY_AFTER_MS_HEADER)).toBe('7000');
    expect(api.state.counter).toBe(0);
    expect(running.stats.rateLimited).toBe(0);
  });

  it('lets a provider shape the injected 429 as its API does', async () => {
    const { server: running, increment } = await start();
    running.faults.inject({
      path: '/counter/increment',
      kind: 'rate-limit',
      retryAfterSeconds: 3,
      respond: (seconds) => ({ status: 200, headers: { 'Retry-After': String(seconds) }, body: { ok: false, error: 'ratelimited' } }),
    });
    const limited = await increment();
    expect(limited.status).toBe(200);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(await limited.json()).toEqual({ ok: false, error: 'ratelimited' });
  });

  it('answers a 5xx without running the handler', async () => {
    const { api, server: running, increment } = await start();
    running.faults.inject({ path: '/counter/increment', kind: 'server-error', status: 503 });
    const failed = await increment();
    expect(failed.status).toBe(503);
    expect(await failed.json()).toMatchObject({ error: 'server_error' });
    expect(api.state.counter).toBe(0);
  });

  it('resets the connection without running the handler: fetch rejects, nothing changes', async () => {
    const { api, server: running, increment } = await start();
    running.faults.inject({ path: '/counter/increment', kind: 'reset' });
    await expect(increment()).rejects.toThrow();
    expect(api.state.counter).toBe(0);
    expect(running.log.entries()[0]).toMatchObject({ path: '/counter/increment', status: null, fault: 'reset' });
  });

  it('commits then drops the response: fetch rejects, and the change happened', async () => {
    const { api, server: running, increment, readCounter } = await start();
    running.faults.inject({ method: 'POST', path: '/counter/increment', kind: 'drop-after-commit' });
    await expect(increment()).rejects.toThrow();
    expect(api.state.counter).toBe(1);
    expect(await readCounter()).toBe(1);
    expect(running.log.entries()[0]).toMatchObject({ status: 200, fault: 'drop-after-commit' });
  });

  it('delays on the simulator clock until that clock has moved, then answers normally', async () => {
    const { api, server: running, increment, readCounter, clock } = await start();
    running.faults.inject({ path: '/counter/increment', kind: 'delay', ms: 5_000, clock: 'simulator' });
    let settled = false;
    const delayed = increment().then((answer) => {
      settled = true;
      return answer;
    });
    // Another route is not held up while the delayed request waits.
    await expect.poll(() => clock.sleepers()).toBe(1);
    expect(await readCounter()).toBe(0);
    clock.advance(4_999);
    expect(await readCounter()).toBe(0);
    expect(settled).toBe(false);
    clock.advance(1);
    expect((await delayed).status).toBe(200);
    expect(api.state.counter).toBe(1);
  });

  it('delays on the real clock by default', async () => {
    const { server: running, increment } = await start();
    running.faults.inject({ path: '/counter/increment', kind: 'delay', ms: 200 });
    const started = performance.now();
    expect((await increment()).status).toBe(200);
    expect(performance.now() - started).toBeGreaterThanOrEqual(150);
  });

  it('fires only `times` times and only on its route, and records what fired', async () => {
    const { api, server: running, increment, readCounter } = await start();
    running.faults.inject({ method: 'POST', path: '/counter/increment', kind: 'server-error', times: 2 });
    expect(running.faults.pending()).toEqual([{ id: 1, kind: 'server-error', target: 'POST /counter/increment', remaining: 2 }]);
    expect(await readCounter()).toBe(0); // GET /counter is another route: untouched
    expect((await increment()).status).toBe(500);
    expect((await increment()).status).toBe(500);
    expect((await increment()).status).toBe(200);
    expect(api.state.counter).toBe(1);
    expect(running.faults.pending()).toEqual([]);
    expect(running.faults.fired().map(({ kind, method, path }) => `${kind} ${method} ${path}`)).toEqual([
      'server-error POST /counter/increment',
      'server-error POST /counter/increment',
    ]);
    running.faults.clear();
    expect(running.faults.fired()).toEqual([]);
  });

  it('matches on route templates and predicates, and clear() disarms pending faults', async () => {
    const { server: running } = await start();
    const post = (token: string) =>
      fetch(`${running.url}/notes`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ text: token }),
      });
    running.faults.inject({ path: '/notes/:id', kind: 'server-error' });
    running.faults.inject({ method: 'POST', when: (request) => request.user?.token === 'human', kind: 'server-error', status: 502, times: Infinity });
    expect((await post('agent')).status).toBe(201);
    expect((await post('human')).status).toBe(502);
    expect((await fetch(`${running.url}/notes/1`)).status).toBe(500);
    expect((await fetch(`${running.url}/notes/1`)).status).toBe(200);
    running.faults.clear();
    expect((await post('human')).status).toBe(201);
  });

  it('refuses a fault that could never fire', async () => {
    const { server: running } = await start();
    expect(() => running.faults.inject({ kind: 'reset', times: 0 })).toThrow(RangeError);
  });
});
