// serveHttp with an access token answers only requests that carry `Authorization: Bearer <token>`: any
// other is 401 with `WWW-Authenticate: Bearer`, before it reaches an MCP session, and the token is never
// echoed. Beyond loopback it will not listen without one. Through HTTP and the MCP SDK's own client; the
// write is read back from the GitHub simulator.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRuntime } from '@backspace/core';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { serveHttp, type HttpServer } from './index.js';

const TOKEN = 'an-access-token-of-more-than-32-characters-0123';
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

/** `failing`: what the server's runtime throws when asked for its tools, given the agent's token. */
async function serve(options: { host?: string; accessToken?: string | null }, failing?: (agentToken: string) => Error): Promise<{ github: GithubSimulator; http: HttpServer }> {
  const github = await createGithubSimulator();
  closers.push(() => github.close());
  const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
  const journal = createSqliteJournal({ path: ':memory:' });
  closers.push(() => journal.close());
  const created = createRuntime({ journal, adapters: [adapter], killSwitchPollMs: 0 });
  const runtime = failing ? Object.assign(Object.create(created) as typeof created, { listActions: () => { throw failing(github.seed.tokens.agent); } }) : created;
  const http = await serveHttp({ runtime, secrets: () => adapter.secrets?.() ?? [], ...options });
  closers.push(() => http.close());
  return { github, http };
}

const initialize = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'stranger', version: '1.0.0' } } });
const post = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers }, body: initialize });

describe('serveHttp with an access token', () => {
  it('refuses every request without the bearer token: 401, WWW-Authenticate: Bearer, the token not echoed', async () => {
    const { http } = await serve({ accessToken: TOKEN });
    const attempts: Record<string, string>[] = [{}, { authorization: `Bearer ${TOKEN}x` }, { authorization: TOKEN }, { authorization: `bearer-${TOKEN}` }, { authorization: 'Bearer ' }];
    for (const headers of attempts) {
      const response = await post(http.url, headers);
      expect(response.status, JSON.stringify(headers)).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(response.headers.get('mcp-session-id')).toBeNull();
      expect(await response.text()).not.toContain(TOKEN);
    }
    // Not even whether a path exists is told without the token.
    const elsewhere = await fetch(new URL('/elsewhere', http.url));
    expect(elsewhere.status).toBe(401);
  });

  it('a client with the token calls a tool, a client without it cannot connect', async () => {
    const { github, http } = await serve({ accessToken: TOKEN });
    await expect(new Client({ name: 'stranger', version: '1.0.0' }).connect(new StreamableHTTPClientTransport(new URL(http.url)))).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/needs its access token/) });

    const client = new Client({ name: 'operator', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url), { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    const { owner, repo } = github.seed;
    const result = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Filed with the token' } })) as CallToolResult;
    expect(result.isError, JSON.stringify(result)).toBeUndefined();
    await client.close();
    const issues = (github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues;
    expect([...issues.values()].filter((issue) => issue.title === 'Filed with the token')).toHaveLength(1);
  });

  it('with the token, a client naming the machine by its network name is served (the token, not the Host header, is the guard)', async () => {
    const { http } = await serve({ host: '0.0.0.0', accessToken: TOKEN });
    const { port } = new URL(http.url);
    // As a client elsewhere on the network sends it: the Host header names the machine, not loopback.
    const answered = await new Promise<{ status: number; session: string | undefined }>((resolve, reject) => {
      const sent = request({ host: '127.0.0.1', port, path: '/mcp', method: 'POST', headers: { host: `mcp-box.internal:${port}`, authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json', accept: 'application/json, text/event-stream' } }, (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, session: response.headers['mcp-session-id'] as string | undefined });
      });
      sent.on('error', reject);
      sent.end(initialize);
    });
    expect(answered.status).toBe(200);
    expect(answered.session).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('a token shorter than 32 characters is refused, not echoed', async () => {
    await expect(serve({ accessToken: 'too-short-a-secret' })).rejects.toThrow(/at least 32 characters/);
    await expect(serve({ accessToken: 'too-short-a-secret' })).rejects.not.toThrow(/too-short-a-secret/);
  });

  it('beyond loopback without a token it does not listen', async () => {
    await expect(serve({ host: '0.0.0.0' })).rejects.toMatchObject({ code: 'invalid_config', message: expect.stringMatching(/access token/) });
  });

  it('on loopback without a token it serves as before', async () => {
    const { http } = await serve({});
    const client = new Client({ name: 'local', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(http.url)));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('github_issue_create');
    await client.close();
  });
});

describe('serveHttp when something under it fails', () => {
  it('answers 500 without the adapters’ tokens or its access token, whatever the error says', async () => {
    // A failure whose message carries both tokens, as a careless error from below might.
    const { github, http } = await serve({ accessToken: TOKEN }, (agentToken) => new Error(`could not list tools with ${agentToken} behind ${TOKEN}`));
    const response = await post(http.url, { authorization: `Bearer ${TOKEN}` });
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain('could not list tools');
    expect(text).not.toContain(github.seed.tokens.agent);
    expect(text).not.toContain(TOKEN);
  });
});
