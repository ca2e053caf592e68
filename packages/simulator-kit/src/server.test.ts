import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from './manual-clock.js';
import { createNotesApi } from './notes-api.fixture.js';
import { startSimulatorServer, type SimulatorServer } from './server.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(options: Partial<Parameters<typeof startSimulatorServer>[0]> = {}) {
  const api = createNotesApi();
  server = await startSimulatorServer({ router: api.router, ...options });
  return { api, server };
}

describe('startSimulatorServer', () => {
  it('listens on 127.0.0.1 on a free port and stops on close', async () => {
    const { server: running } = await start();
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(running.port).toBeGreaterThan(0);
    // Keep the connection alive, as SDKs do, to check close() does not wait for it.
    expect((await fetch(`${running.url}/counter`)).status).toBe(200);
    await running.close();
    server = undefined;
    await expect(fetch(`${running.url}/counter`)).rejects.toThrow();
  });

  it('parses JSON bodies, route parameters and query strings', async () => {
    const { server: running } = await start();
    const answer = await fetch(`${running.url}/echo/a%20b/c?limit=5&state=open`, {
      method: 'PATCH',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'hello', labels: ['x'] }),
    });
    expect(await answer.json()).toEqual({
      method: 'PATCH',
      params: { rest: 'a b/c' },
      query: { limit: '5', state: 'open' },
      body: { title: 'hello', labels: ['x'] },
      user: null,
    });
  });

  it('parses form bodies and leaves JSON inside a field as a string, as Slack sends it', async () => {
    const { server: running } = await start();
    const blocks = JSON.stringify([{ type: 'section' }]);
    const answer = await fetch(`${running.url}/echo/chat.postMessage`, {
      method: 'POST',
      body: new URLSearchParams({ channel: 'C1', text: 'hi', blocks }),
    });
    const { body } = (await answer.json()) as { body: Record<string, unknown> };
    expect(body).toEqual({ channel: 'C1', text: 'hi', blocks });
  });

  it('accepts empty bodies and answers 400 to malformed JSON', async () => {
    const { api, server: running } = await start();
    const empty = await fetch(`${running.url}/counter/increment`, { method: 'POST', headers: { 'content-type': 'application/json' } });
    expect(empty.status).toBe(200);
    expect(api.state.counter).toBe(1);
    const malformed = await fetch(`${running.url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"text":' });
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ error: 'invalid_body' });
  });

  it('gives each distinct token its own stable user, configured or created on first use', async () => {
    const { server: running } = await start({ users: { 'agent-token': { id: 'U_AGENT', name: 'agent' } } });
    const whoAmI = async (headers: Record<string, string>, body?: URLSearchParams) => {
      const answer = await fetch(`${running.url}/echo/me`, { method: 'POST', headers, body });
      return ((await answer.json()) as { user: unknown }).user;
    };
    expect(await whoAmI({ authorization: 'Bearer agent-token' })).toEqual({ token: 'agent-token', id: 'U_AGENT', name: 'agent' });
    const human = await whoAmI({ authorization: 'token human-token' });
    expect(human).toMatchObject({ token: 'human-token', id: 'user-1' });
    expect(await whoAmI({ authorization: 'Bearer human-token' })).toEqual(human);
    expect(await whoAmI({ authorization: 'lin_api_key' })).toMatchObject({ token: 'lin_api_key', id: 'user-2' });
    expect(await whoAmI({}, new URLSearchParams({ token: 'xoxb-form' }))).toMatchObject({ token: 'xoxb-form', id: 'user-3' });
    expect(await whoAmI({})).toBeNull();
  });

  it('answers unknown routes with a JSON 404, which a provider can replace', async () => {
    const { server: running } = await start();
    const unknown = await fetch(`${running.url}/nowhere`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({ error: 'not_found', message: 'No route for GET /nowhere' });

    const api = createNotesApi();
    api.router.notFound(() => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs' } }));
    const custom = await startSimulatorServer({ router: api.router });
    try {
      expect(await (await fetch(`${custom.url}/nowhere`)).json()).toEqual({ message: 'Not Found', documentation_url: 'https://docs' });
    } finally {
      await custom.close();
    }
  });

  it('turns a handler exception into a JSON 500 and a thrown SimulatorHttpError into its response', async () => {
    const { server: running } = await start();
    const boom = await fetch(`${running.url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.json()).toEqual({ error: 'internal_error', message: 'kaboom' });
    const invalid = await fetch(`${running.url}/notes`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(invalid.status).toBe(422);
    expect(await invalid.json()).toEqual({ error: 'text_required' });
  });

  it('logs each request with its status, user and simulator time', async () => {
    const clock = createManualClock(1_000);
    const { server: running } = await start({ clock });
    await fetch(`${running.url}/notes`, {
      method: 'POST',
      headers: { authorization: 'Bearer a', 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'first' }),
    });
    clock.advance(500);
    await fetch(`${running.url}/notes/1`);
    await fetch(`${running.url}/notes/99`);
    expect(running.log.entries()).toEqual([
      { method: 'POST', path: '/notes', status: 201, userId: 'user-1', at: 1_000, fault: undefined, rateLimitFamily: undefined },
      { method: 'GET', path: '/notes/1', status: 200, userId: null, at: 1_500, fault: undefined, rateLimitFamily: undefined },
      { method: 'GET', path: '/notes/99', status: 404, userId: null, at: 1_500, fault: undefined, rateLimitFamily: undefined },
    ]);
    expect(running.stats.requests).toBe(3);
    running.log.clear();
    expect(running.log.entries()).toEqual([]);
  });
});
