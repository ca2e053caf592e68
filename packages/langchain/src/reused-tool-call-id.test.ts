// A tool call id reused in a later session for a different call (an app that reuses ids, a model whose
// ids restart): the new call must not be answered with the earlier call's recorded result, the model told
// its issue was filed when nothing was sent. It is refused as an idempotency conflict. Read back from
// the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolMessage } from 'langchain';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceTools } from './index.js';

describe('@backspace/langchain: a tool call id reused in a later session for other input', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  const contents: unknown[] = [];
  const titled = (title: string) => [...(github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.values()].filter((issue) => issue.title === title);

  beforeEach(async () => {
    github = await createGithubSimulator();
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], killSwitchPollMs: 0 });
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(contents)).not.toContain(github.seed.tokens.agent);
    contents.length = 0;
  });

  /** One session's tool, run as LangChain runs a model's tool call (the call's id reaches the tool). */
  async function fileIssue(id: string, title: string): Promise<Record<string, unknown>> {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const create = backspaceTools(runtime, session, { only: ['github.issue.create'], secrets: () => [github.seed.tokens.agent] })[0]!;
    const { owner, repo } = github.seed;
    const message = (await create.invoke({ id, name: create.name, args: { owner, repo, title }, type: 'tool_call' })) as ToolMessage;
    await session.end();
    contents.push(message.content);
    return JSON.parse(String(message.content)) as Record<string, unknown>;
  }

  it('is refused as idempotency_conflict, nothing sent, and never answered with the earlier issue', async () => {
    expect(await fileIssue('call_1', 'Checkout is flaky')).toMatchObject({ status: 'done', result: { title: 'Checkout is flaky' } });
    const other = await fileIssue('call_1', 'Search returns nothing');
    expect(titled('Search returns nothing')).toHaveLength(0);
    expect(other).toMatchObject({ status: 'failed', code: 'idempotency_conflict', message: expect.stringMatching(/other input/) });
    expect(other).not.toHaveProperty('result');
  });
});
