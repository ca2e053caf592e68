// The kit's helpers a connector builds its client with: a call an SDK cannot stop, stopped by the kill
// switch; reads and deletes that meet an object already gone; the token from settings or the environment;
// an SDK's error read with the shared rules; a connector defined from its adapter's parts, its token
// resolved and scrubbed by construction.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { BackspaceError, ProviderError } from '../errors.js';
import { createRuntime } from '../runtime/create-runtime.js';
import { withCallSignal } from './call-signal.js';
import { SdkClient } from './sdk-client.js';
import { stoppable } from './stoppable.js';
import { doneWhenGone, nullWhenGone } from './gone.js';
import { adapterToken } from './adapter-settings.js';
import { connectorSettings, defineConnector, type ConnectorDescriptor } from './connector.js';
import { fromSdkError } from './sdk-error.js';
import { actionsFor } from './action.js';

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

/** An error as SDKs throw them: `statusCode` and plain headers (Stripe's), or `status` and fetch Headers. */
const sdkError = (fields: Record<string, unknown>) => Object.assign(new Error(String(fields['message'] ?? 'failed')), fields);
const call = { provider: 'acme', operation: 'POST /items', write: true, secrets: ['sk_acme_secret'] };

describe('fromSdkError', () => {
  it('reads the status, Retry-After, request id and code from either SDK shape, and scrubs the token', () => {
    const stripeLike = fromSdkError(sdkError({ statusCode: 429, headers: { 'Retry-After': '3', 'request-id': 'req_1' }, code: 'rate_limit', message: 'slow down, sk_acme_secret' }), call);
    expect(stripeLike).toMatchObject({ status: 429, retryAfterMs: 3000, requestId: 'req_1', providerCode: 'rate_limit', isRetryable: true, outcomeUnknown: false });
    expect(stripeLike.message).toBe('acme POST /items: 429 slow down, [redacted]');
    const fetchLike = fromSdkError(sdkError({ response: { status: 503, headers: new Headers({ 'x-request-id': 'r-2' }) }, message: 'unavailable' }), call);
    expect(fetchLike).toMatchObject({ status: 503, requestId: 'r-2', isRetryable: true, outcomeUnknown: true });
    // The request id an SDK read itself, when the headers do not carry one.
    expect(fromSdkError(sdkError({ status: 404, requestId: 'req_own', message: 'no such item' }), call)).toMatchObject({ status: 404, requestId: 'req_own', isRetryable: false, outcomeUnknown: false });
  });

  it('no answer: retryable, a write unknown, unless the connection was never made; the provider adds its own rules', () => {
    expect(fromSdkError(sdkError({ code: 'ECONNRESET', message: 'socket hang up' }), call)).toMatchObject({ status: undefined, isRetryable: true, outcomeUnknown: true, providerCode: 'ECONNRESET' });
    expect(fromSdkError(sdkError({ code: 'ECONNREFUSED' }), call)).toMatchObject({ outcomeUnknown: false });
    const own = fromSdkError(sdkError({ statusCode: 500, message: 'boom' }), call, { providerCode: 'api_error', overrides: { isRetryable: false }, details: { param: 'email' } });
    expect(own).toMatchObject({ providerCode: 'api_error', isRetryable: false, outcomeUnknown: true, details: expect.objectContaining({ param: 'email' }) });
    expect(fromSdkError('a string thrown', { ...call, write: false }).message).toBe('acme POST /items: no answer: a string thrown');
  });

  it('a should-retry header the provider sends decides retrying; a reused key is idempotency_conflict, not a provider failure', () => {
    expect(fromSdkError(sdkError({ statusCode: 409, headers: { 'X-Should-Retry': 'true' } }), call)).toMatchObject({ isRetryable: true, outcomeUnknown: false });
    expect(fromSdkError(sdkError({ statusCode: 500, headers: { 'stripe-should-retry': 'false' } }), call)).toMatchObject({ isRetryable: false, outcomeUnknown: true });
    expect(fromSdkError(sdkError({ statusCode: 500, headers: { 'x-should-retry': 'maybe' } }), call)).toMatchObject({ isRetryable: true });
    const reused = fromSdkError(sdkError({ statusCode: 400, message: 'Keys for idempotent requests can only be used with the same parameters' }), call, { providerCode: 'idempotency_error', keyReused: true });
    expect(reused).not.toBeInstanceOf(ProviderError);
    expect(reused).toMatchObject({ code: 'idempotency_conflict', isRetryable: false, message: 'acme POST /items: the idempotency key was already used with other parameters (idempotency_error); use a new key for a new call' });
  });
});

describe('SdkClient', () => {
  const gone = sdkError({ statusCode: 404, message: 'no such item' });
  const client = (secrets = ['sk_acme_secret']) => new SdkClient({ provider: 'acme', api: { name: 'the sdk' }, secrets, deleted: (answer) => (answer as { deleted?: boolean }).deleted === true });

  it('maps a failure with the shared rules (or the connector\'s), the token scrubbed', async () => {
    const error = await client().call('POST /items', true, async () => Promise.reject(sdkError({ statusCode: 401, message: 'bad key sk_acme_secret' }))).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 401, message: 'acme POST /items: 401 bad key [redacted]' });
    const own = new SdkClient({ provider: 'acme', api: {}, secrets: [], toError: (_error, { operation, write }) => new BackspaceError('idempotency_conflict', `${operation} ${write}`) });
    await expect(own.call('POST /items', true, async () => Promise.reject(gone))).rejects.toMatchObject({ code: 'idempotency_conflict', message: 'POST /items true' });
    expect(await client().call('GET /items/1', false, async (api) => api.name)).toBe('the sdk');
  });

  it('find: null when gone or deleted; remove: done when gone, reporting the object absent', async () => {
    expect(await client().find('GET /items/1', async () => Promise.reject(gone))).toBeNull();
    expect(await client().find('GET /items/1', async () => ({ id: '1', deleted: true }))).toBeNull();
    expect(await client().find('GET /items/1', async () => ({ id: '1' }))).toEqual({ id: '1' });
    await expect(client().find('GET /items/1', async () => Promise.reject(sdkError({ statusCode: 500 })))).rejects.toMatchObject({ status: 500 });
    expect(await client().remove('DELETE /items/1', async () => Promise.reject(gone))).toEqual({ observed: null });
    await expect(client().remove('DELETE /items/1', async () => Promise.reject(sdkError({ statusCode: 403 })))).rejects.toMatchObject({ status: 403 });
  });

  it('a kill stops the call at once', async () => {
    const kill = new AbortController();
    kill.abort();
    let sent = false;
    const error = await withCallSignal(kill.signal, () => client().call('POST /items', true, async () => { sent = true; })).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ providerCode: 'aborted' });
    expect(sent).toBe(false);
  });
});

describe('defineConnector from the adapter\'s parts', () => {
  const defineAcmeAction = actionsFor<SdkClient<{ echo: (text: string) => Promise<string> }>>();
  const echo = defineAcmeAction({
    name: 'acme.note.create',
    reversibility: 'irreversible',
    description: 'Create a note (the provider echoes it, or fails echoing the token)',
    input: z.object({ text: z.string(), fail: z.boolean().default(false) }).strict(),
    execute: ({ text, fail }, { client }) => client.call('POST /notes', true, (api) => (fail ? Promise.reject(sdkError({ statusCode: 400, message: `bad note from ${text}` })) : api.echo(text))),
    resource: () => ({ provider: 'acme', type: 'note', id: '1' }),
    compensation: () => null,
  });
  const acme = defineConnector({
    name: 'acme',
    title: 'Acme CRM',
    tokenVariable: 'ACME_TOKEN_DEFINED_HERE',
    // The client alone knows the token: nothing here lists it as a secret.
    adapter: (token) => ({
      client: new SdkClient({ provider: 'acme', api: { echo: async (text: string) => `note: ${text}` }, secrets: [token] }),
      actions: [echo],
      read: async () => null,
      secrets: () => ['the-signing-secret'],
    }),
  });

  it('takes the token given, else the token variable, else names the variable in a typed error', () => {
    expect(acme.createAdapter({ token: 'given' }).secrets()).toEqual(['given', 'the-signing-secret']);
    process.env['ACME_TOKEN_DEFINED_HERE'] = 'from-env';
    try {
      expect(acme.createAdapter().secrets()).toEqual(['from-env', 'the-signing-secret']);
    } finally {
      delete process.env['ACME_TOKEN_DEFINED_HERE'];
    }
    const error = (() => { try { return acme.createAdapter({ baseUrl: 'https://api.acme.example' }); } catch (caught) { return caught; } })();
    expect(error).toBeInstanceOf(BackspaceError);
    expect(error).toMatchObject({ code: 'invalid_config', message: 'the Acme CRM adapter needs a token: pass { token } or set ACME_TOKEN_DEFINED_HERE', details: { setting: 'token', variable: 'ACME_TOKEN_DEFINED_HERE' } });
  });

  it('names the adapter by the descriptor, and is a descriptor the CLI takes as before', () => {
    const descriptor: ConnectorDescriptor = acme;
    const adapter = descriptor.createAdapter({ token: 'from-the-cli' });
    expect(adapter.provider).toBe('acme');
    expect(adapter.actions.map((action) => action.name)).toEqual(['acme.note.create']);
    expect(Object.isFrozen(acme)).toBe(true);
    // Without a schema of its own, the settings every connector takes: a base URL and a timeout, nothing else.
    expect(acme.settings.safeParse({ baseUrl: 'https://api.acme.example', timeoutMs: 5000 }).success).toBe(true);
    expect(acme.settings.safeParse({ baseUrl: 'https://api.acme.example', region: 'eu' }).success).toBe(false);
    // The older form, a createAdapter of the connector's own, is taken as it is.
    const older = defineConnector({ name: 'older', title: 'Older', tokenVariable: 'OLDER_TOKEN', settings: connectorSettings, createAdapter: ({ token }) => ({ provider: 'older', client: token, actions: [], read: async () => null }) });
    expect(older.createAdapter({ token: 't' }).client).toBe('t');
    expect(() => defineConnector({ ...acme, name: 'Not A Name' } as never)).toThrow(/lower-case/);
  });

  it('scrubs the token from what the journal stores and from the error the agent gets, though the connector never listed it', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-define-connector-'));
    const token = 'sk_acme_never_listed';
    const runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [acme.createAdapter({ token })], policy: [], retry: { maxAttempts: 1 } });
    const session = await runtime.startSession({ agentId: 'acme-agent' });
    // The agent gets its answer as the provider gave it; the journal keeps it without the token.
    expect(await session.run('acme.note.create', { text: `hello ${token}` })).toBe(`note: hello ${token}`);
    const error = await session.run('acme.note.create', { text: token, fail: true }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'provider_error', status: 400 });
    expect(JSON.stringify((error as BackspaceError).toJSON())).not.toContain(token);
    expect((error as Error).message).toContain('[redacted]');
    await session.end();
    await runtime.journal.close();
    // Every byte the journal left on disk (the database and any write-ahead log).
    const bytes = readdirSync(directory).map((file) => readFileSync(join(directory, file)).toString('latin1')).join('');
    expect(bytes).toContain('acme.note.create');
    expect(bytes).not.toContain(token);
  });
});
