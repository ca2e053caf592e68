// A client that sends `_meta["backspace/idempotencyKey"]` as something other than a non-empty string (a
// number id, an object, ""): taken as no key, each re-send of the call was a new call under a key derived
// from its request id, and a retried call wrote twice. It is refused as invalid input naming the key,
// nothing sent or journaled. Read back from the GitHub simulator and the journal's own entries by type.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { githubOverHttp, type GithubOverHttp } from './test-support.js';

describe('@backspace/mcp: an idempotency key that is not a non-empty string', () => {
  let served: GithubOverHttp;
  let client: Client;
  beforeEach(async () => {
    served = await githubOverHttp();
    client = new Client({ name: 'numeric-ids-agent', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(new URL(served.http.url)));
  });
  afterEach(async () => {
    await client.close();
    await served.close();
  });

  for (const key of [7, '', { id: 'toolu_01' }]) {
    it(`is refused as invalid input, nothing written, however often it is sent: ${JSON.stringify(key)}`, async () => {
      const { owner, repo } = served.github.seed;
      const call = () => client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Checkout is flaky' }, _meta: { 'backspace/idempotencyKey': key } }) as Promise<CallToolResult>;
      // The agent's framework retries the call it got no answer for, as a new request.
      const results = [await call(), await call()];

      expect(served.titled('Checkout is flaky')).toHaveLength(0);
      expect(await served.runtime.journal.entriesOfType(['action.intent', 'action.rejected'])).toHaveLength(0);
      for (const result of results) {
        expect(result.isError).toBe(true);
        expect(result.structuredContent).toMatchObject({ status: 'invalid-input', code: 'invalid_input' });
        expect((result.content[0] as { text: string }).text).toContain('backspace/idempotencyKey');
      }
    });
  }
});
