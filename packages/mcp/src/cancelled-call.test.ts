// A tool call the client cancels (MCP `notifications/cancelled`, the SDK's AbortSignal) while it waits for
// a person's approval: the client has given up on it and will never read its result, so it must not be
// sent when the person answers afterwards. The question is withdrawn from the client, nothing is written
// and the journal holds no write for it. Read back from the GitHub simulator and the journal's entries.
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createBackspaceMcpServer, type BackspaceMcpConnection } from './index.js';

const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/mcp: a tool call cancelled by the client', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let connection: BackspaceMcpConnection;
  let client: Client;
  beforeEach(async () => {
    github = await createGithubSimulator();
  });
  afterEach(async () => {
    await client.close();
    await connection.close();
    await runtime.journal.close();
    await github.close();
  });

  it('is not sent when a person approves it after the cancellation, and its question is withdrawn', async () => {
    let asked!: () => void;
    const prompted = new Promise<void>((resolve) => (asked = resolve));
    let answer!: () => void;
    const answered = new Promise<void>((resolve) => (answer = resolve));
    let withdrawn = false;
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], killSwitchPollMs: 0, policy: [approveUpdates] });
    connection = createBackspaceMcpServer({ runtime, secrets: () => adapter.secrets?.() ?? [], approver: 'dana' });
    client = new Client({ name: 'impatient-agent', version: '1.0.0' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async (_request, extra) => {
      extra.signal.addEventListener('abort', () => (withdrawn = true));
      asked();
      await answered;
      // The person, who did not see the call cancelled, approves it.
      return { action: 'accept', content: { approve: true, approver: 'dana' } };
    });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([connection.server.connect(serverSide), client.connect(clientSide)]);
    // The SDK ignores a cancellation of request id 0 (its check is falsy): the server's first request
    // to the client is a ping, so the question is not that one.
    await connection.server.ping();
    const { owner, repo, issueNumber } = github.seed;
    const issue = () => (github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.get(issueNumber)!;
    const original = issue().title;

    const cancel = new AbortController();
    const renaming = client.callTool({ name: 'github_issue_update', arguments: { owner, repo, issue_number: issueNumber, title: 'Renamed after all' } }, undefined, { signal: cancel.signal });
    await prompted;
    cancel.abort('the user pressed stop');
    await expect(renaming).rejects.toThrow();
    answer();
    // Let anything still on its way land.
    await delay(500);

    expect(issue().title).toBe(original);
    expect(await runtime.journal.entriesOfType(['action.intent', 'action.committed', 'approval.granted'])).toHaveLength(0);
    expect(withdrawn).toBe(true);
  });
});
