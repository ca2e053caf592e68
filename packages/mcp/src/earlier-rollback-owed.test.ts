// An agent on MCP rolls back its own session, and that rollback also finishes what an earlier rollback
// of another session had to keep because of this agent's writes: agent A (outside MCP) opened an issue,
// the MCP agent retitled it, and A was rolled back first, so A's issue stayed (the MCP agent had built
// on it). The agent's plan tool says, before anything runs, that A's step will be undone too, and in
// which session; the rollback's result names both sessions and each step's. Read back from the
// simulator's state.
import { afterEach, expect, it } from 'vitest';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { createBackspaceMcpServer } from './index.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0).reverse()) await close();
});

it("plans and runs the older agent's kept step along with the connection's own", async () => {
  const github = await createGithubSimulator();
  closers.push(() => github.close());
  const journal = createSqliteJournal({ path: ':memory:' });
  closers.push(() => journal.close());
  const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
  const runtime = createRuntime({ journal, adapters: [adapter], policy: [], killSwitchPollMs: 0 });
  const { owner, repo } = github.seed;
  const issue = (number: number) => github.inspect().issues.get(number)!;

  const a = await runtime.startSession({ agentId: 'triage-bot' });
  const { number } = await a.run('github.issue.create', { owner, repo, title: 'Login fails' });
  await a.end();

  const connection = createBackspaceMcpServer({ runtime, secrets: () => adapter.secrets?.() ?? [] });
  closers.push(() => connection.close());
  const client = new Client({ name: 'docs-agent', version: '1.0.0' });
  const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
  await Promise.all([connection.server.connect(serverSide), client.connect(clientSide)]);
  const call = async (name: string, args: Record<string, unknown>) => ((await client.callTool({ name, arguments: args })) as CallToolResult).structuredContent as Record<string, any>;

  expect((await call('github_issue_update', { owner, repo, issue_number: number, title: 'Login fails on Safari' })).status).toBe('done');
  await runtime.rollback(a.id);
  // A's rollback kept A's issue: the MCP agent had built on it.
  expect(issue(number)).toMatchObject({ state: 'open', title: 'Login fails on Safari' });

  const plan = await call('backspace_plan_rollback', {});
  expect(plan.owed).toEqual([expect.objectContaining({ sessionId: a.id, action: 'github.issue.create' })]);
  const planText = ((await client.callTool({ name: 'backspace_plan_rollback', arguments: {} })) as CallToolResult).content[0] as { text: string };
  expect(planText.text).toMatch(/then 1 step\(s\) of other sessions an earlier rollback kept because of this session's writes/);
  expect(issue(number).state).toBe('open');

  const rolled = await call('backspace_rollback', {});
  expect(rolled.status).toBe('done');
  expect(rolled.sessions).toEqual([expect.any(String), a.id]);
  expect(rolled.steps).toEqual([
    expect.objectContaining({ action: 'github.issue.update', outcome: 'verified', sessionId: rolled.sessions[0] }),
    expect.objectContaining({ action: 'github.issue.create', outcome: 'verified', sessionId: a.id }),
  ]);
  expect(issue(number)).toMatchObject({ state: 'closed', title: 'Login fails' });
});
