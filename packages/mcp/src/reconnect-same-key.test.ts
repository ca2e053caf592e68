// A client that loses its Streamable HTTP connection in the middle of a tools/call reconnects (a new MCP
// session, so a new Backspace session) and sends the same call again with the same
// `backspace/idempotencyKey`: the issue must be created once. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { Runtime } from '@backspace/core';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import type { HttpServer } from './index.js';
import { githubOverHttp } from './test-support.js';

describe('@backspace/mcp: the same call re-sent after reconnecting', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let http: HttpServer;
  const clients: Client[] = [];
  const results: CallToolResult[] = [];

  const titled = (title: string) => [...(github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.values()].filter((issue) => issue.title === title);

  async function connect(): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
    const client = new Client({ name: 'flaky-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    await client.connect(transport);
    clients.push(client);
    return { client, transport };
  }

  /** `slow`: GitHub requests time out after 200 ms, and a write left so may still land for 1 s. */
  async function serve(slow = false) {
    ({ runtime, http } = await githubOverHttp({ github, slow }));
  }

  beforeEach(async () => {
    github = await createGithubSimulator();
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close().catch(() => undefined);
    await http.close();
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(results)).not.toContain(github.seed.tokens.agent);
    results.length = 0;
  });

  it('a tools/call that timed out, re-sent with the same key on a new connection, writes once', async () => {
    const { owner, repo } = github.seed;
    const args = { owner, repo, title: 'Checkout is flaky' };
    const meta = { 'backspace/idempotencyKey': 'toolu_01ABC' };
    await serve();
    github.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: 600, clock: 'real' });

    // The first connection gives up on the call (its request timeout), and the connection goes away.
    const first = await connect();
    await expect(first.client.callTool({ name: 'github_issue_create', arguments: args, _meta: meta }, undefined, { timeout: 150 })).rejects.toThrow(/timed out/i);
    await first.transport.terminateSession().catch(() => undefined);
    await first.client.close();

    // The agent reconnects and sends the same tool call again: while the first may still be on its way...
    const second = await connect();
    const again = (await second.client.callTool({ name: 'github_issue_create', arguments: args, _meta: meta })) as CallToolResult;
    results.push(again);
    // ...and once it has surely landed.
    await new Promise((resolve) => setTimeout(resolve, 900));
    const later = (await second.client.callTool({ name: 'github_issue_create', arguments: args, _meta: meta })) as CallToolResult;
    results.push(later);

    expect(titled('Checkout is flaky')).toHaveLength(1);
    // Whatever each answer said, none claimed a second, new issue.
    const numbers = [again, later].map((result) => (result.structuredContent as { result?: { number?: number } }).result?.number).filter((number) => number !== undefined);
    expect(new Set(numbers).size).toBeLessThanOrEqual(1);
    expect(later.structuredContent).toMatchObject({ status: 'done', replayed: true });
  });

  it('a call GitHub did not answer in time, re-sent on a new connection once it landed, finds the issue instead of filing another', async () => {
    await serve(true);
    const { owner, repo } = github.seed;
    const args = { owner, repo, title: 'Slow to land' };
    const meta = { 'backspace/idempotencyKey': 'toolu_02DEF' };
    github.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: 500, clock: 'real' });

    const first = await connect();
    const lost = (await first.client.callTool({ name: 'github_issue_create', arguments: args, _meta: meta })) as CallToolResult;
    results.push(lost);
    expect(lost.structuredContent).toMatchObject({ status: 'failed', code: 'outcome_unknown' });
    // The agent's host restarts its MCP client: the old connection is gone. Later the same call is sent again.
    await first.transport.terminateSession();
    await first.client.close();
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    const second = await connect();
    const again = (await second.client.callTool({ name: 'github_issue_create', arguments: args, _meta: meta })) as CallToolResult;
    results.push(again);

    expect(titled('Slow to land')).toHaveLength(1);
    expect(again.structuredContent).toMatchObject({ status: 'done', result: { title: 'Slow to land' } });
  });
});
