// The MCP server as a client meets it, in memory: the SDK's own Client against the GitHub simulator,
// every effect read back from the simulator's state and the journal, never through the server.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type CallToolResult, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { createBackspaceMcpServer, type BackspaceMcpConnection } from './index.js';

/** Policy for these tests: renaming an issue waits for a person. */
const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/mcp in memory', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let connection: BackspaceMcpConnection;
  const results: CallToolResult[] = [];

  const issues = () => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string; state_reason: string | null }> }).issues;
  const entries = async (type: string) => (await runtime.journal.entriesOfType([type as never])).map((entry) => entry);

  /** `slow`: GitHub requests time out after 200 ms, and a write left so may still land for 2 s. */
  async function connect(answer?: (message: string) => ElicitResult, slow = false): Promise<Client> {
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url, ...(slow ? { timeoutMs: 200 } : {}) });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [approveUpdates], killSwitchPollMs: 0, ...(slow ? { inFlightTimeoutMs: 2_000 } : {}) });
    connection = createBackspaceMcpServer({ runtime, secrets: () => adapter.secrets?.() ?? [], approver: 'dana' });
    const client = new Client({ name: 'test-agent', version: '1.0.0' }, answer ? { capabilities: { elicitation: { form: {} } } } : {});
    if (answer) client.setRequestHandler(ElicitRequestSchema, (request) => answer(request.params.message));
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await Promise.all([connection.server.connect(serverSide), client.connect(clientSide)]);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown>, meta?: Record<string, unknown>): Promise<CallToolResult> {
    const result = (await client.callTool({ name, arguments: args, ...(meta ? { _meta: meta } : {}) })) as CallToolResult;
    results.push(result);
    return result;
  }
  const details = (result: CallToolResult) => result.structuredContent as Record<string, any>;

  beforeEach(async () => {
    github = await createGithubSimulator();
  });
  afterEach(async () => {
    await connection.close();
    await runtime.journal.close();
    await github.close();
    // Whatever happened, no result carried the token the adapter holds.
    expect(JSON.stringify(results)).not.toContain(github.seed.tokens.agent);
    results.length = 0;
  });

  it('lists each action as a tool with MCP annotations and the undo story in _meta, plus the session tools', async () => {
    const client = await connect();
    const { tools } = await client.listTools();
    const create = tools.find((tool) => tool.name === 'github_issue_create')!;
    expect(create.annotations).toEqual({ title: 'github.issue.create', readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    expect(create._meta).toMatchObject({ 'backspace/action': 'github.issue.create', 'backspace/reversibility': 'compensatable', 'backspace/inverse': expect.stringMatching(/^Undone by closing it/) });
    expect(create.inputSchema).toMatchObject({ type: 'object', properties: { title: expect.any(Object) } });
    expect(create.description).toMatch(/^Use this to open an issue in GitHub\./);
    expect(tools.find((tool) => tool.name === 'github_issue_update')!.annotations?.idempotentHint).toBe(true);
    expect(tools.map((tool) => tool.name)).toEqual(expect.arrayContaining(['backspace_plan_rollback', 'backspace_rollback']));
  });

  it('runs a call once per key: the client’s key from _meta, else one derived and stated', async () => {
    const client = await connect();
    const { owner, repo } = github.seed;
    const before = issues().size;
    const first = await call(client, 'github_issue_create', { owner, repo, title: 'Flaky checkout test' }, { 'backspace/idempotencyKey': 'toolcall-7' });
    expect(first.isError).toBeUndefined();
    expect(details(first)).toMatchObject({ status: 'done', idempotencyKey: 'toolcall-7', keySource: 'client', result: { number: expect.any(Number) } });
    const again = await call(client, 'github_issue_create', { owner, repo, title: 'Flaky checkout test' }, { 'backspace/idempotencyKey': 'toolcall-7' });
    expect(details(again).result).toEqual(details(first).result);
    expect(issues().size).toBe(before + 1);

    const derived = await call(client, 'github_issue_create', { owner, repo, title: 'Second issue' });
    expect(details(derived)).toMatchObject({ status: 'done', keySource: 'derived', keyNote: expect.stringMatching(/backspace\/idempotencyKey/) });
    expect(issues().get(details(derived).result.number)!.title).toBe('Second issue');
  });

  it('invalid input gets a validation error the model can act on, and the journal records no action', async () => {
    const client = await connect();
    const result = await call(client, 'github_issue_create', { owner: github.seed.owner, repo: github.seed.repo, title: '' });
    expect(result.isError).toBe(true);
    expect(details(result)).toMatchObject({ status: 'invalid-input', code: 'invalid_input', issues: [expect.objectContaining({ path: 'title' })] });
    for (const type of ['action.intent', 'action.committed', 'action.rejected']) expect(await entries(type)).toEqual([]);
  });

  it('an approval prompt answered yes records the approver and the exact input, and the call runs once', async () => {
    const prompts: string[] = [];
    const client = await connect((message) => {
      prompts.push(message);
      return { action: 'accept', content: { approve: true, approver: 'dana@example.com' } };
    });
    const { owner, repo, issueNumber } = github.seed;
    const input = { owner, repo, issue_number: issueNumber, title: 'Renamed after review' };
    const result = await call(client, 'github_issue_update', input);
    expect(details(result)).toMatchObject({ status: 'done' });
    expect(issues().get(issueNumber)!.title).toBe('Renamed after review');
    expect(prompts).toEqual([expect.stringContaining('"title": "Renamed after review"')]);
    const [request] = await entries('action.awaiting-approval');
    expect(request!.data).toMatchObject({ input, rule: 'approve-issue-updates' });
    const [granted] = await entries('approval.granted');
    expect(granted).toMatchObject({ actionId: request!.actionId, data: { by: 'dana@example.com' } });
    expect(await entries('action.intent')).toHaveLength(1);
  });

  it('an approval prompt answered no refuses the call and changes nothing', async () => {
    const client = await connect(() => ({ action: 'decline' }));
    const { owner, repo, issueNumber } = github.seed;
    const title = issues().get(issueNumber)!.title;
    const result = await call(client, 'github_issue_update', { owner, repo, issue_number: issueNumber, title: 'Not wanted' });
    expect(details(result)).toMatchObject({ status: 'denied', code: 'approval_denied' });
    expect(issues().get(issueNumber)!.title).toBe(title);
    expect(await entries('approval.denied')).toHaveLength(1);
    expect(await entries('action.intent')).toEqual([]);
  });

  it('without elicitation the model is told approval is pending; once an operator approves, the same call runs once', async () => {
    const client = await connect();
    const { owner, repo, issueNumber } = github.seed;
    const input = { owner, repo, issue_number: issueNumber, title: 'Renamed by the agent' };
    const pending = await call(client, 'github_issue_update', input);
    expect(pending.isError).toBeUndefined();
    expect(details(pending)).toMatchObject({ status: 'approval-pending', approvalRequestId: expect.any(String) });
    expect((pending.content[0] as { text: string }).text).toMatch(/^Not done yet: .*backspace approvals approve/s);
    expect(issues().get(issueNumber)!.title).not.toBe('Renamed by the agent');

    await runtime.approvals.approve(details(pending).approvalRequestId, { by: 'ops@example.com' });
    const ran = await call(client, 'github_issue_update', input);
    expect(details(ran)).toMatchObject({ status: 'done', keySource: 'awaiting-approval', idempotencyKey: details(pending).idempotencyKey });
    expect(issues().get(issueNumber)!.title).toBe('Renamed by the agent');
    expect(await entries('action.intent')).toHaveLength(1);
  });

  it('a killed agent’s call returns a clear killed result and nothing reaches GitHub', async () => {
    const client = await connect();
    const { owner, repo } = github.seed;
    await call(client, 'github_issue_create', { owner, repo, title: 'Before the kill' });
    const sessionId = (await runtime.journal.sessions())[0]!.id;
    await runtime.kill({ scope: { sessionId }, reason: 'spamming issues', by: 'ops' });
    const before = issues().size;
    const killed = await call(client, 'github_issue_create', { owner, repo, title: 'After the kill' });
    expect(killed.isError).toBe(true);
    expect(details(killed)).toMatchObject({ status: 'killed', code: 'killed' });
    expect((killed.content[0] as { text: string }).text).toMatch(/^KILLED: github\.issue\.create: .*spamming issues.*\nAn operator stopped this agent/s);
    expect(issues().size).toBe(before);
  });

  it('plans and rolls back the connection’s own session while it stays open', async () => {
    const client = await connect();
    const { owner, repo } = github.seed;
    const nothing = await call(client, 'backspace_plan_rollback', {});
    expect(details(nothing)).toMatchObject({ status: 'done', steps: [] });
    const created = details(await call(client, 'github_issue_create', { owner, repo, title: 'Wrong repo, oops' })).result.number as number;

    const plan = await call(client, 'backspace_plan_rollback', {});
    expect(details(plan).steps).toEqual([expect.objectContaining({ action: 'github.issue.create', status: 'undo', remedy: 'inverse' })]);
    expect(issues().get(created)!.state).toBe('open');

    const rolled = await call(client, 'backspace_rollback', {});
    expect(details(rolled)).toMatchObject({ status: 'done', counts: { undone: 1 } });
    expect(issues().get(created)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    // The connection goes on working in the same session.
    const next = await call(client, 'github_issue_create', { owner, repo, title: 'Right repo' });
    expect(details(next).status).toBe('done');
    expect(new Set((await entries('action.committed')).map((entry) => entry.sessionId)).size).toBe(1);
  });

  it('a rollback tells the client each step as it finishes, as progress; a write left without its answer stays its agent\'s to settle', async () => {
    const client = await connect(undefined, true);
    const { owner, repo } = github.seed;
    const created = details(await call(client, 'github_issue_create', { owner, repo, title: 'Wrong repo, oops' })).result.number as number;
    github.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: 1_000, clock: 'real' });
    expect(details(await call(client, 'github_issue_create', { owner, repo, title: 'Slow to land' })).status).not.toBe('done');

    const messages: string[] = [];
    const rolled = (await client.callTool({ name: 'backspace_rollback', arguments: {} }, undefined, { onprogress: (progress) => messages.push(String(progress.message)), resetTimeoutOnProgress: true })) as CallToolResult;
    results.push(rolled);
    // The session is still open: the unknown outcome is not looked up, so nothing waits for it.
    expect(messages).toEqual([expect.stringMatching(new RegExp(`^github\\.issue\\.create on github\\.issue:${owner}/${repo}#${created}: verified$`, 'i'))]);
    expect(details(rolled)).toMatchObject({ status: 'done', counts: { undone: 1 }, residue: expect.arrayContaining([expect.stringMatching(/github\.issue\.create .*outcome unknown, not planned; calling it again with the same key looks it up/)]) });
    expect(issues().get(created)!.state).toBe('closed');
  });
});
