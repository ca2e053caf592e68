// The server over Streamable HTTP: each MCP session (an `initialize` without a session id) is its own
// connection with its own Backspace session, ended when the client deletes it or the server stops.
// Beyond loopback it needs an access token: every request must then carry it as a bearer token.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { BackspaceError, scrubSecrets } from '@backspace/core';
import { createBackspaceMcpServer, type BackspaceMcpConnection, type McpServerOptions } from './connection.js';

export interface HttpOptions {
  /** Default 127.0.0.1: the server acts with the adapters' tokens, so it listens on loopback unless told. */
  host?: string;
  /** Default 0: any free port (see `url`). */
  port?: number;
  /** Default `/mcp`. */
  path?: string;
  /**
   * Every request must carry `Authorization: Bearer <accessToken>` (at least 32 characters), or it is
   * answered 401. Required for any host but loopback: whoever reaches the server acts with the adapters' tokens.
   */
  accessToken?: string | null;
}

export const MIN_ACCESS_TOKEN_LENGTH = 32;

export interface HttpServer {
  url: string;
  /** Ends every connection's session and stops listening. */
  close(): Promise<void>;
}

/** Largest request body taken (a tool call's input is far smaller). */
const MAX_BODY = 4 * 1024 * 1024;

export async function serveHttp(options: McpServerOptions & HttpOptions): Promise<HttpServer> {
  const path = options.path ?? '/mcp';
  const host = options.host ?? '127.0.0.1';
  const { accessToken: given, ...served } = options;
  const accessToken = checkedAccessToken(host, given);
  const live = new Map<string, { transport: StreamableHTTPServerTransport; connection: BackspaceMcpConnection }>();
  let allowedHosts: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    // Before anything else, the path included: without the token nothing is told.
    if (accessToken !== null && !carriesToken(request, accessToken)) return answer(response, 401, 'this MCP server needs its access token: send Authorization: Bearer <token>', { 'www-authenticate': 'Bearer realm="backspace"' });
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return answer(response, 404, `not found: MCP is served at ${path}`);
    const sessionId = request.headers['mcp-session-id'];
    const known = typeof sessionId === 'string' ? live.get(sessionId) : undefined;
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    if (body === INVALID) return answer(response, 400, 'the request body is not JSON');
    if (known) return known.transport.handleRequest(request, response, body);
    if (request.method !== 'POST' || !isInitializeRequest(body)) return answer(response, sessionId ? 404 : 400, sessionId ? 'unknown MCP session: initialize again' : 'no MCP session: send initialize first');
    const connection = createBackspaceMcpServer({ transport: 'http', ...served });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => void live.set(id, { transport, connection }),
      // Without a token, only this server's own host names: a web page cannot reach it through DNS
      // rebinding. With one, the token is the guard (such a page cannot send it), and clients elsewhere
      // name the machine as they know it.
      enableDnsRebindingProtection: accessToken === null,
      allowedHosts,
    });
    transport.onclose = () => {
      if (transport.sessionId) live.delete(transport.sessionId);
      void connection.close();
    };
    await connection.server.connect(transport);
    await transport.handleRequest(request, response, body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // The adapters' tokens and the access token never reach an answer, whatever the error carries.
      if (!response.headersSent) answer(response, 500, scrubSecrets(`internal error: ${(error as Error).message}`, [...(options.secrets?.() ?? []), ...(accessToken ? [accessToken] : [])]));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  allowedHosts = [`${host}:${port}`, `localhost:${port}`, `127.0.0.1:${port}`, `[::1]:${port}`];
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}${path}`,
    async close() {
      for (const { transport, connection } of [...live.values()]) {
        await transport.close().catch(() => undefined);
        await connection.close();
      }
      live.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Whether `host` is this machine only (127.0.0.0/8, localhost, ::1). */
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** The token every request must carry, or null on loopback without one; never named in an error. */
function checkedAccessToken(host: string, token: string | null | undefined): string | null {
  if (!token) {
    if (isLoopbackHost(host)) return null;
    throw new BackspaceError('invalid_config', `serving MCP on ${host}, beyond this machine, needs an access token of at least ${MIN_ACCESS_TOKEN_LENGTH} characters (accessToken), or listen on 127.0.0.1`);
  }
  if (token.length < MIN_ACCESS_TOKEN_LENGTH) throw new BackspaceError('invalid_config', `the MCP access token must be at least ${MIN_ACCESS_TOKEN_LENGTH} characters (openssl rand -base64 32)`);
  return token;
}

/** `Authorization: Bearer <token>`, compared in constant time (over digests, so lengths do not tell either). */
function carriesToken(request: IncomingMessage, token: string): boolean {
  const given = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (given === undefined) return false;
  const digest = (text: string) => createHash('sha256').update(text).digest();
  return timingSafeEqual(digest(given), digest(token));
}

const INVALID = Symbol('invalid JSON');

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) return INVALID;
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return INVALID;
  }
}

function answer(response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  response.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
