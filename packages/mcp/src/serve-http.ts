// The server over Streamable HTTP: each MCP session (an `initialize` without a session id) is its own
// connection with its own Backspace session, ended when the client deletes it or the server stops.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { createBackspaceMcpServer, type BackspaceMcpConnection, type McpServerOptions } from './connection.js';

export interface HttpOptions {
  /** Default 127.0.0.1: the server acts with the adapters' tokens, so it listens on loopback unless told. */
  host?: string;
  /** Default 0: any free port (see `url`). */
  port?: number;
  /** Default `/mcp`. */
  path?: string;
}

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
  const live = new Map<string, { transport: StreamableHTTPServerTransport; connection: BackspaceMcpConnection }>();
  let allowedHosts: string[] = [];

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== path) return answer(response, 404, `not found: MCP is served at ${path}`);
    const sessionId = request.headers['mcp-session-id'];
    const known = typeof sessionId === 'string' ? live.get(sessionId) : undefined;
    const body = request.method === 'POST' ? await readJson(request) : undefined;
    if (body === INVALID) return answer(response, 400, 'the request body is not JSON');
    if (known) return known.transport.handleRequest(request, response, body);
    if (request.method !== 'POST' || !isInitializeRequest(body)) return answer(response, sessionId ? 404 : 400, sessionId ? 'unknown MCP session: initialize again' : 'no MCP session: send initialize first');
    const connection = createBackspaceMcpServer({ transport: 'http', ...options });
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => void live.set(id, { transport, connection }),
      enableDnsRebindingProtection: true,
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
      if (!response.headersSent) answer(response, 500, `internal error: ${(error as Error).message}`);
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  // Requests must name this server as their host: a web page cannot reach it through DNS rebinding.
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

function answer(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
}
