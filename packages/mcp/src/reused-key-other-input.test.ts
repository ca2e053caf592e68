// A client key (`backspace/idempotencyKey`, the model's tool call id) reused on a later connection for a
// different call: an MCP client whose ids restart, an app that reuses them. The new call must not be
// answered with the earlier call's recorded result (the model would be told its issue was filed when
// nothing was sent): it is refused as an idempotency conflict. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import type { GithubSimulator } from '@backspace/github/simulator';
import type { HttpServer } from './index.js';
import { githubOverHttp, type GithubOverHttp } from './test-support.js';

describe('@backspace/mcp: a client key reused on a new connection for other input', () => {
  let github: GithubSimulator;
  let http: HttpServer;
  const results: CallToolResult[] = [];

  const titled = (title: string) => served.titled(title);

  /** One connection (its own MCP session, so its own Backspace session) making one call, then gone. */
  async function callOnce(args: Record<string, unknown>, key: string): Promise<CallToolResult> {
    const client = new Client({ name: 'restarting-agent', version: '1.0.0' });
    const transport = new StreamableHTTPClientTransport(new URL(http.url));
    await client.connect(transport);
    const result = (await client.callTool({ name: 'github_issue_create', arguments: args, _meta: { 'backspace/idempotencyKey': key } })) as CallToolResult;
    await transport.terminateSession();
    await client.close();
    results.push(result);
    return result;
  }

  let served: GithubOverHttp;
  beforeEach(async () => {
    served = await githubOverHttp();
    ({ github, http } = served);
  });
  afterEach(async () => {
    await served.close();
    expect(JSON.stringify(results)).not.toContain(github.seed.tokens.agent);
    results.length = 0;
  });

  it('is refused as idempotency_conflict, nothing sent, and never told the earlier issue is its own', async () => {
    const { owner, repo } = github.seed;
    const first = await callOnce({ owner, repo, title: 'Checkout is flaky' }, 'toolu_01');
    expect(first.structuredContent).toMatchObject({ status: 'done', result: { title: 'Checkout is flaky' } });
    const firstNumber = (first.structuredContent as { result: { number: number } }).result.number;

    const other = await callOnce({ owner, repo, title: 'Search returns nothing' }, 'toolu_01');

    expect(titled('Search returns nothing')).toHaveLength(0);
    expect(titled('Checkout is flaky')).toHaveLength(1);
    expect(other.isError).toBe(true);
    expect(other.structuredContent).toMatchObject({ status: 'failed', code: 'idempotency_conflict', idempotencyKey: 'toolu_01' });
    expect(other.structuredContent).not.toHaveProperty('result');
    const text = (other.content[0] as { text: string }).text;
    expect(text).toMatch(/^Not done: github\.issue\.create: .*other input/);
    expect(text).not.toContain(`"number": ${firstNumber}`);
  });

  it('the same call re-sent with the same key still gets its recorded result, written once', async () => {
    const { owner, repo } = github.seed;
    const args = { owner, repo, title: 'Checkout is flaky' };
    const first = await callOnce(args, 'toolu_02');
    const again = await callOnce(args, 'toolu_02');
    expect(titled('Checkout is flaky')).toHaveLength(1);
    expect(again.structuredContent).toMatchObject({ status: 'done', replayed: true, result: (first.structuredContent as { result: unknown }).result });
  });

  it('a field the action does not know is refused by name, the first time and re-sent with the same key: nothing is written', async () => {
    const { owner, repo } = github.seed;
    // `source` is not an input of github.issue.create: its strict schema refuses it rather than dropping it.
    const args = { owner, repo, title: 'Checkout is flaky', source: 'triage' };
    for (const result of [await callOnce(args, 'toolu_03'), await callOnce(args, 'toolu_03')]) {
      expect(result.isError).toBe(true);
      expect((result.content[0] as { text: string }).text).toContain('source');
    }
    expect(titled('Checkout is flaky')).toHaveLength(0);
  });
});
