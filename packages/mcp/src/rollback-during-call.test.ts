// MCP lets a client send requests concurrently: `backspace_rollback` may arrive while one of the
// connection's tool calls is still being worked on. A rollback that reports the connection's actions
// undone must not leave that call's write in place. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createBackspaceMcpServer, type BackspaceMcpConnection } from './index.js';

/** Renaming an issue waits for a person (answered through the client's elicitation). */
const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/mcp: a rollback while a tool call is in progress', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let connection: BackspaceMcpConnection;
  let client: Client;
  const results: CallToolResult[] = [];

  const issue = (number: number) => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string }> }).issues.get(number)!;

  /** `answer`: the person's answer to an approval prompt, given when it resolves. */
  async function connect(answer?: () => Promise<ElicitResult>) {
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], killSwitchPollMs: 0, ...(answer ? { policy: [approveUpdates] } : {}) });
    connection = createBackspaceMcpServer({ runtime, secrets: () => adapter.secrets?.() ?? [], approver: 'dana' });
    client = new Client({ name: 'eager-agent', version: '1.0.0' }, answer ? { capabilities: { elicitation: { form: {} } } } : {});
    if (answer) client.setRequestHandler(ElicitRequestSchema, () => answer());
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([connection.server.connect(serverSide), client.connect(clientSide)]);
  }

  beforeEach(async () => {
    github = await createGithubSimulator();
  });
  afterEach(async () => {
    await client.close();
    await connection.close();
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(results)).not.toContain(github.seed.tokens.agent);
    results.length = 0;
  });

  it('a rename still reading its pre-state when the rollback arrives is not left in place by a rollback reported done', async () => {
    await connect();
    const { owner, repo, issueNumber } = github.seed;
    const original = issue(issueNumber).title;
    const created = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Wrong repo, oops' } })) as CallToolResult;
    const createdNumber = (created.structuredContent as { result: { number: number } }).result.number;

    // The rename's pre-state read is slow; the rollback is sent while it is under way.
    github.faults.inject({ method: 'POST', path: '/graphql', kind: 'delay', ms: 400, clock: 'real' });
    const renaming = client.callTool({ name: 'github_issue_update', arguments: { owner, repo, issue_number: issueNumber, title: 'Renamed by mistake' } }) as Promise<CallToolResult>;
    await new Promise((resolve) => setTimeout(resolve, 100));
    const rolledBack = (await client.callTool({ name: 'backspace_rollback', arguments: {} })) as CallToolResult;
    const renamed = await renaming;
    results.push(created, rolledBack, renamed);
    // Let anything still on its way land.
    await new Promise((resolve) => setTimeout(resolve, 500));

    expect(issue(createdNumber).state).toBe('closed');
    if ((rolledBack.structuredContent as { status: string }).status === 'done') {
      // Done means done: no write of this connection from before the rollback is left.
      expect(issue(issueNumber).title).toBe(original);
    }
    expect(issue(issueNumber).title === original || (renamed.structuredContent as { status: string }).status === 'done').toBe(true);
  });

  it('a call waiting for a person when the rollback runs is not sent once they approve it afterwards', async () => {
    let approve!: () => void;
    const approved = new Promise<void>((resolve) => (approve = resolve));
    let asked!: () => void;
    const prompted = new Promise<void>((resolve) => (asked = resolve));
    await connect(async () => {
      asked();
      await approved;
      return { action: 'accept', content: { approve: true, approver: 'dana' } };
    });
    const { owner, repo, issueNumber } = github.seed;
    const original = issue(issueNumber).title;
    const created = (await client.callTool({ name: 'github_issue_create', arguments: { owner, repo, title: 'Wrong repo, oops' } })) as CallToolResult;
    const createdNumber = (created.structuredContent as { result: { number: number } }).result.number;

    const renaming = client.callTool({ name: 'github_issue_update', arguments: { owner, repo, issue_number: issueNumber, title: 'Renamed by mistake' } }) as Promise<CallToolResult>;
    await prompted;
    const rolledBack = (await client.callTool({ name: 'backspace_rollback', arguments: {} })) as CallToolResult;
    expect(rolledBack.structuredContent).toMatchObject({ status: 'done', counts: { undone: 1 } });
    // The person, who did not see the rollback, approves the rename afterwards.
    approve();
    const renamed = await renaming;
    results.push(created, rolledBack, renamed);

    expect(issue(createdNumber).state).toBe('closed');
    expect(issue(issueNumber).title).toBe(original);
    expect(renamed.isError).toBe(true);
    expect((renamed.content[0] as { text: string }).text).toMatch(/rollback/);
  });
});
