// `backspace mcp --http` beyond loopback acts with every configured adapter's token for whoever reaches
// it, so, as `backspace serve` does, it needs an access token from the environment (BACKSPACE_MCP_TOKEN,
// at least 32 characters, never a flag): without one it refuses to start and creates no journal; with
// one, a request without `Authorization: Bearer <token>` is refused. Through the built binary and the
// MCP SDK's own client; the directory is read back from disk, and the token never reaches the output.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { BIN } from './test-cli.js';

const TOKEN = 'mcp-access-token-for-the-tests-0123456789abcdef';
const emptyDirectory = () => mkdtempSync(join(tmpdir(), 'backspace-mcp-token-'));

interface Started {
  /** The address it printed once listening, or null when it exited first. */
  url: URL | null;
  stderr: () => string;
  /** Its exit code: at once when it refused, after SIGTERM when it was serving. */
  stop(): Promise<number | null>;
}

const running: Started[] = [];
afterEach(async () => {
  for (const started of running.splice(0)) await started.stop();
});

/** Starts `backspace mcp` and waits until it either prints its address or exits. */
function startMcp(args: string[], env: Record<string, string | undefined>): Promise<Started> {
  const child = spawn(process.execPath, [BIN, 'mcp', ...args], { cwd: tmpdir(), env: { ...process.env, BACKSPACE_MCP_TOKEN: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let stdout = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  return new Promise((resolve) => {
    const started: Omit<Started, 'url'> = {
      stderr: () => stderr + stdout,
      async stop() {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        return exited;
      },
    };
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = / at (http:\/\/\S+\/mcp)/.exec(stderr)?.[1];
      if (url) {
        const served = { ...started, url: new URL(url) };
        running.push(served);
        resolve(served);
      }
    });
    void exited.then(() => resolve({ ...started, url: null }));
  });
}

/** The address as a client on this machine reaches it (the server listens on all of them). */
const local = (url: URL) => new URL(`http://127.0.0.1:${url.port}${url.pathname}`);

describe('backspace mcp --http beyond loopback', () => {
  it.each([
    ['no token', {}],
    ['an empty token', { BACKSPACE_MCP_TOKEN: '' }],
  ])('%s: refuses to start, naming BACKSPACE_MCP_TOKEN, and creates no journal', async (_name, env) => {
    const directory = emptyDirectory();
    const started = await startMcp(['--journal', join(directory, 'agents.db'), '--http', '0', '--host', '0.0.0.0'], env);
    expect(started.url, started.stderr()).toBeNull();
    expect(await started.stop()).toBe(1);
    expect(started.stderr()).toMatch(/BACKSPACE_MCP_TOKEN/);
    expect(started.stderr()).toMatch(/at least 32 characters/);
    expect(started.stderr()).not.toMatch(/\.js:\d+:\d+/);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('a token shorter than 32 characters: refused, the token not echoed, no journal', async () => {
    const directory = emptyDirectory();
    const short = 'short-secret-token-xyz';
    const started = await startMcp(['--journal', join(directory, 'agents.db'), '--http', '0', '--host', '0.0.0.0'], { BACKSPACE_MCP_TOKEN: short });
    expect(started.url, started.stderr()).toBeNull();
    expect(await started.stop()).toBe(1);
    expect(started.stderr()).toMatch(/BACKSPACE_MCP_TOKEN must be at least 32 characters/);
    expect(started.stderr()).not.toContain(short);
    expect(readdirSync(directory)).toEqual([]);
  });

  it('with the token: a client without it gets 401 and WWW-Authenticate: Bearer, a client with it gets the tools', async () => {
    const directory = emptyDirectory();
    const started = await startMcp(['--journal', join(directory, 'agents.db'), '--http', '0', '--host', '0.0.0.0'], { BACKSPACE_MCP_TOKEN: TOKEN });
    expect(started.url, started.stderr()).not.toBeNull();
    const url = local(started.url!);
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'stranger', version: '1.0.0' } } };
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

    for (const authorization of [undefined, `Bearer ${TOKEN.slice(0, -1)}x`, TOKEN, `Basic ${TOKEN}`]) {
      const refused = await fetch(url, { method: 'POST', headers: { ...headers, ...(authorization ? { authorization } : {}) }, body: JSON.stringify(initialize) });
      expect(refused.status, String(authorization)).toBe(401);
      expect(refused.headers.get('www-authenticate')).toMatch(/^Bearer\b/);
      expect(await refused.text()).not.toContain(TOKEN);
    }
    const stranger = new Client({ name: 'stranger', version: '1.0.0' });
    await expect(stranger.connect(new StreamableHTTPClientTransport(url))).rejects.toMatchObject({ code: 401, message: expect.stringMatching(/needs its access token/) });

    const client = new Client({ name: 'operator', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(url, { requestInit: { headers: { authorization: `Bearer ${TOKEN}` } } }));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('backspace_plan_rollback');
    await client.close();

    expect(await started.stop()).toBe(0);
    expect(started.stderr()).not.toContain(TOKEN);
  });

  it('on loopback without a token it serves as before', async () => {
    const directory = emptyDirectory();
    const started = await startMcp(['--journal', join(directory, 'agents.db'), '--http', '0'], {});
    expect(started.url, started.stderr()).not.toBeNull();
    const client = new Client({ name: 'local', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(started.url!));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('backspace_rollback');
    await client.close();
    expect(await started.stop()).toBe(0);
  });
});
