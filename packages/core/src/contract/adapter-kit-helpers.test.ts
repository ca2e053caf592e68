// The kit's helpers a connector builds its client with: a call an SDK cannot stop, stopped by the kill
// switch; reads and deletes that meet an object already gone; the token from settings or the environment.
import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, ProviderError } from '../errors.js';
import { withCallSignal } from './call-signal.js';
import { stoppable } from './stoppable.js';
import { doneWhenGone, nullWhenGone } from './gone.js';
import { adapterToken } from './adapter-settings.js';

let server: Server | undefined;
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

/** A server that answers each request after `ms`, counting what it received. */
async function slowServer(ms: number): Promise<{ url: string; received: () => number }> {
  let received = 0;
  server = createServer((_request, response) => {
    received += 1;
    setTimeout(() => response.end('{"ok":true}'), ms).unref();
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/`, received: () => received };
}

/** A loopback URL nothing listens on (a port just freed): connecting is refused. */
async function refusingUrl(): Promise<string> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return `http://127.0.0.1:${port}/`;
}

const toError = (error: unknown) => ProviderError.fromResponse({ provider: 'acme', operation: 'POST /items', write: true, message: String(error), cause: error });

describe('stoppable', () => {
  it('a kill ends a call the SDK cannot stop before its answer comes: aborted, not retried, a sent write unknown', async () => {
    const api = await slowServer(1_000);
    const kill = new AbortController();
    const started = Date.now();
    const pending = withCallSignal(kill.signal, () => stoppable({ provider: 'acme', operation: 'POST /items', write: true }, () => fetch(api.url, { method: 'POST' }).then((r) => r.json()), toError)).catch((error: unknown) => error);
    while (api.received() === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    kill.abort(new Error('killed'));
    const error = await pending;
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'aborted', isRetryable: false, outcomeUnknown: true, message: 'acme POST /items: stopped by the kill switch; the request was sent, and the write may still land' });
  });

  it('sends nothing once the call is killed, and maps any other failure through the connector', async () => {
    const api = await slowServer(0);
    const kill = new AbortController();
    kill.abort();
    const error = await withCallSignal(kill.signal, () => stoppable({ provider: 'acme', operation: 'POST /items', write: true }, () => fetch(api.url), toError)).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ providerCode: 'aborted', outcomeUnknown: false });
    expect(api.received()).toBe(0);
    const refused = await stoppable({ provider: 'acme', operation: 'POST /items', write: true }, async () => fetch(await refusingUrl()), toError).catch((caught: unknown) => caught);
    // A real refused connection, as Node's fetch reports it: the kit reads it from the cause, so nothing landed.
    expect(refused).toMatchObject({ code: 'provider_error', outcomeUnknown: false });
    expect(await stoppable({ provider: 'acme', operation: 'GET /items', write: false }, () => fetch(api.url).then((r) => r.json()), toError)).toEqual({ ok: true });
  });
});

describe('gone', () => {
  const failure = (status: number) => ProviderError.fromResponse({ provider: 'acme', operation: 'GET /items/1', write: false, status, message: 'no' });

  it('a read of what is gone (404, 410) is null; any other failure stays a failure', async () => {
    expect(await nullWhenGone(async () => Promise.reject(failure(404)))).toBeNull();
    expect(await nullWhenGone(async () => Promise.reject(failure(410)))).toBeNull();
    await expect(nullWhenGone(async () => Promise.reject(failure(403)))).rejects.toMatchObject({ status: 403 });
    expect(await nullWhenGone(async () => 'there')).toBe('there');
  });

  it('a delete of what is gone is done; the provider\'s own notion of gone can be given', async () => {
    await expect(doneWhenGone(async () => Promise.reject(failure(404)))).resolves.toBeUndefined();
    await expect(doneWhenGone(async () => Promise.reject(failure(500)))).rejects.toMatchObject({ status: 500 });
    const archived = (error: unknown) => (error as { providerCode?: string }).providerCode === 'archived';
    await expect(doneWhenGone(async () => Promise.reject(Object.assign(failure(400), { providerCode: 'archived' })), archived)).resolves.toBeUndefined();
  });
});

describe('adapterToken', () => {
  it('takes the token given, else the environment variable, else names both in a typed error', () => {
    expect(adapterToken({ token: 'given' }, 'ACME_TOKEN_UNSET_HERE', 'the Acme adapter needs a token')).toBe('given');
    process.env['ACME_TOKEN_FOR_TEST'] = 'from-env';
    try {
      expect(adapterToken({}, 'ACME_TOKEN_FOR_TEST', 'the Acme adapter needs a token')).toBe('from-env');
    } finally {
      delete process.env['ACME_TOKEN_FOR_TEST'];
    }
    const error = (() => { try { return adapterToken({}, 'ACME_TOKEN_UNSET_HERE', 'the Acme adapter needs a token'); } catch (caught) { return caught; } })();
    expect(error).toBeInstanceOf(BackspaceError);
    expect(error).toMatchObject({ code: 'invalid_config', message: 'the Acme adapter needs a token: pass { token } or set ACME_TOKEN_UNSET_HERE' });
  });
});
