// A new MCP client resuming an existing MCP session over Streamable HTTP (the SDK's transport given the
// `Mcp-Session-Id`, as a client restarted in a new process does) starts its JSON-RPC request ids again:
// its `tools/call` with id 1 is a new call, not the earlier client's id 1. Without a client key the call's
// key is derived from the request id; the new call must be written, neither answered with the earlier
// call's result nor refused over a key the client never gave. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GithubSimulator } from '@backspace/github/simulator';
import type { HttpServer } from './index.js';
import { githubOverHttp, type GithubOverHttp } from './test-support.js';

describe('@backspace/mcp: a client resuming an MCP session, its request ids started again', () => {
  let github: GithubSimulator;
  let http: HttpServer;
  const clients: Client[] = [];
  const results: CallToolResult[] = [];

  const titled = (title: string) => served.titled(title);

  /** A client process: a new MCP session, or (given its id) the one an earlier process left open. */
  async function clientProcess(sessionId?: string): Promise<{ client: Client; sessionId: string }> {
    const client = new Client({ name: 'restarting-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(http.url), sessionId ? { sessionId } : {});
    await client.connect(transport);
    clients.push(client);
    // A resumed client lists the tools first: its first tools/call then has request id 1, as the first client's did.
    if (sessionId) await client.listTools();
    return { client, sessionId: transport.sessionId! };
  }

  async function fileIssue(client: Client, title: string): Promise<CallToolResult> {
    const { owner, repo } = github.seed;
    const result = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title } })) as CallToolResult;
    results.push(result);
    return result;
  }

  let served: GithubOverHttp;
  beforeEach(async () => {
    served = await githubOverHttp();
    ({ github, http } = served);
  });
  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close().catch(() => undefined);
    await served.close();
    expect(JSON.stringify(results)).not.toContain(github.seed.tokens.agent);
    results.length = 0;
  });

  it('its call with another input is written, not refused over a key it never gave', async () => {
    const first = await clientProcess();
    expect(await fileIssue(first.client, 'Checkout is flaky')).toMatchObject({ structuredContent: { status: 'done', keySource: 'derived' } });
    await first.client.close();

    const resumed = await clientProcess(first.sessionId);
    const other = await fileIssue(resumed.client, 'Search returns nothing');

    expect(other.isError).toBeUndefined();
    expect(other.structuredContent).toMatchObject({ status: 'done', keySource: 'derived', result: { title: 'Search returns nothing' } });
    expect(titled('Search returns nothing')).toHaveLength(1);
  });

  it('its call with the same input is a new call: a new issue, not the earlier one given back as done', async () => {
    const first = await clientProcess();
    const earlier = await fileIssue(first.client, 'Checkout is flaky');
    const earlierNumber = (earlier.structuredContent as { result: { number: number } }).result.number;
    await first.client.close();

    const resumed = await clientProcess(first.sessionId);
    const again = await fileIssue(resumed.client, 'Checkout is flaky');

    const issues = titled('Checkout is flaky');
    expect(issues).toHaveLength(2);
    const filed = issues.find((issue) => issue.number !== earlierNumber)!;
    expect(again.structuredContent).toMatchObject({ status: 'done', result: { number: filed.number } });
    expect(again.structuredContent).not.toHaveProperty('replayed');
    expect((again.content[0] as { text: string }).text).not.toMatch(/already done/);
  });

  it('the same request delivered twice while it runs is still written once', async () => {
    const { sessionId } = await clientProcess();
    const { owner, repo } = github.seed;
    github.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: 300, clock: 'real' });
    // One tools/call message, posted twice at once (a proxy or a client retrying the POST). The SDK's
    // transport answers a request id on one stream only, so the other POST is left open: it is cut off.
    const message = { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'github_issue_create', arguments: { owner, repo, title: 'Posted twice' } } };
    const cutOff = new AbortController();
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    const post = () => fetch(http.url, { method: 'POST', headers, body: JSON.stringify(message), signal: cutOff.signal }).then((response) => response.text()).catch(() => '');
    const answers = [post(), post()];
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    cutOff.abort();
    expect(titled('Posted twice')).toHaveLength(1);
    expect((await Promise.all(answers)).join('\n')).toMatch(/already in flight/);
  });
});
