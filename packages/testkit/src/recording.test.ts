import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { REDACTED } from '@backspace/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { replayExchanges, startRecording, stopRecording } from './recording.js';

const SECRET = 'tok-"very"-secret';
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((request, response) => {
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ path: request.url, echoed: request.headers.authorization }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('recording and replaying exchanges', () => {
  it('records fetch exchanges in order, without request headers, with secrets scrubbed even where JSON escapes them', async () => {
    startRecording();
    await (await fetch(`${url}/first?page=1`, { headers: { authorization: SECRET } })).json();
    await (await fetch(`${url}/second`, { method: 'POST', body: '{}' })).json();
    const exchanges = stopRecording([SECRET]);
    expect(exchanges.map((exchange) => `${exchange.method} ${exchange.path}`)).toEqual(['GET /first?page=1', 'POST /second']);
    expect(JSON.stringify(exchanges)).not.toContain('very');
    expect(exchanges[0]!.response).toEqual({ path: '/first?page=1', echoed: REDACTED });
    expect(exchanges.every((exchange) => !('reqheaders' in exchange))).toBe(true);
  });

  it('replays with no server, matching method and path whatever the query, and names what was left unused', async () => {
    const scope = 'http://198.51.100.7:9';
    const serving = replayExchanges([
      { scope, method: 'GET', path: '/items?since=yesterday', status: 200, response: { items: [1] } },
      { scope, method: 'GET', path: '/items', status: 200, response: { items: [1, 2] } },
      { scope, method: 'DELETE', path: '/items/1', status: 204, response: '' },
    ]);
    try {
      expect(await (await fetch(`${scope}/items?since=today`)).json()).toEqual({ items: [1] });
      expect(await (await fetch(`${scope}/items`)).json()).toEqual({ items: [1, 2] });
      await expect(fetch(`${scope}/other`)).rejects.toThrow();
      expect(serving.pending()).toEqual([`DELETE ${scope}/items/1`]);
    } finally {
      serving.stop();
    }
  });
});
