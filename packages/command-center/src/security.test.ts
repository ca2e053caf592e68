// The command center's guards, through its HTTP interface: loopback host names only, CSRF on every
// state-changing request, the access token beyond loopback. What changed is read from the journal.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createCommandCenterApp } from './app.js';
import { CSRF_FIELD } from './security.js';
import { startCommandCenter } from './server.js';

const journals: JournalStore[] = [];
afterEach(async () => {
  for (const journal of journals.splice(0)) await journal.close();
});

async function center(security: { host: string; accessToken?: string } = { host: '127.0.0.1' }) {
  const journal = createSqliteJournal({ path: ':memory:' });
  journals.push(journal);
  const runtime = createRuntime({ journal, adapters: [] });
  const session = await runtime.startSession({ agentId: 'triage-agent', reason: 'test' });
  const { app, center } = createCommandCenterApp({ runtime, operator: 'dana' }, security);
  const kills = async () => (await journal.entriesOfType(['kill'])).length;
  return { app, csrf: center.csrfToken, sessionId: session.id, kills };
}

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded', host: '127.0.0.1:4477' };

describe('command center security', () => {
  it('answers only loopback host names when it listens on loopback (a DNS-rebinding page is refused)', async () => {
    const { app } = await center();
    expect((await app.request('http://127.0.0.1:4477/', { headers: { host: '127.0.0.1:4477' } })).status).toBe(200);
    expect((await app.request('http://localhost:4477/', { headers: { host: 'localhost:4477' } })).status).toBe(200);
    expect((await app.request('http://evil.example/', { headers: { host: 'evil.example:4477' } })).status).toBe(421);
  });

  it('refuses a kill without the CSRF token or from another site, and records one with it', async () => {
    const { app, csrf, sessionId, kills } = await center();
    const kill = { scope: 'session', target: sessionId, reason: 'runaway' };
    const missing = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: FORM, body: form(kill) });
    expect(missing.status).toBe(403);
    const crossSite = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: { ...FORM, origin: 'http://evil.example' }, body: form({ ...kill, [CSRF_FIELD]: csrf }) });
    expect(crossSite.status).toBe(403);
    const fetchSite = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: { ...FORM, 'sec-fetch-site': 'cross-site' }, body: form({ ...kill, [CSRF_FIELD]: csrf }) });
    expect(fetchSite.status).toBe(403);
    expect(await kills()).toBe(0);
    const good = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: { ...FORM, origin: 'http://127.0.0.1:4477' }, body: form({ ...kill, [CSRF_FIELD]: csrf }) });
    expect(good.status).toBe(303);
    expect(await kills()).toBe(1);
  });

  it('refuses a kill of a session the journal does not know: nothing is recorded', async () => {
    const { app, csrf, kills } = await center();
    const response = await app.request('http://127.0.0.1:4477/control/kill', { method: 'POST', headers: FORM, body: form({ scope: 'session', target: 'no-such-session', reason: 'typo', [CSRF_FIELD]: csrf }) });
    expect(response.status).toBe(404);
    expect(await response.text()).toContain('nothing was killed');
    expect(await kills()).toBe(0);
  });

  it('will not listen beyond loopback without an access token of at least 32 characters', async () => {
    const journal = createSqliteJournal({ path: ':memory:' });
    journals.push(journal);
    const runtime = createRuntime({ journal, adapters: [] });
    await expect(startCommandCenter({ runtime, operator: 'dana', host: '0.0.0.0', port: 0 })).rejects.toMatchObject({ code: 'invalid_config' });
    await expect(startCommandCenter({ runtime, operator: 'dana', host: '0.0.0.0', port: 0, accessToken: 'short' })).rejects.toMatchObject({ code: 'invalid_config' });
  });

  it('beyond loopback, asks for the access token and lets in only its holder', async () => {
    const token = 'a'.repeat(40);
    const { app } = await center({ host: '0.0.0.0', accessToken: token });
    const headers = { host: '192.0.2.10:4477' };
    const anonymous = await app.request('http://192.0.2.10:4477/', { headers });
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/login');
    const wrong = await app.request('http://192.0.2.10:4477/login', { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form({ token: 'b'.repeat(40) }) });
    expect(wrong.status).toBe(401);
    const right = await app.request('http://192.0.2.10:4477/login', { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: form({ token }) });
    expect(right.status).toBe(303);
    const cookie = right.headers.get('set-cookie')!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    const inside = await app.request('http://192.0.2.10:4477/', { headers: { ...headers, cookie: cookie.split(';')[0]! } });
    expect(inside.status).toBe(200);
    expect(await inside.text()).not.toContain(token);
  });

  it('sends a content security policy that allows only its own script and style', async () => {
    const { app } = await center();
    const response = await app.request('http://127.0.0.1:4477/', { headers: { host: '127.0.0.1:4477' } });
    expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });
});
