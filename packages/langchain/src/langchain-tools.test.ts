// LangChain's own agent loop (createAgent) with its fake tool-calling model, no LLM: every effect is read
// back from the GitHub simulator's state and the journal, never through the tools under test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgent, FakeToolCallingModel, ToolMessage } from 'langchain';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createRuntime, type PolicyRule, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceApprovals, backspaceTools } from './index.js';

/** Policy for these tests: editing an issue waits for a person. */
const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

type Call = { name: string; args: Record<string, unknown>; id: string };

describe('@backspace/langchain in createAgent', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let session: Session;
  let toolMessages: ToolMessage[];

  const issues = () => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string; state_reason: string | null }> }).issues;
  const entries = async (type: string) => (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === type);
  const thread = { configurable: { thread_id: 'thread-1' } };

  /** An agent whose model calls these tools once, then answers. */
  function agentCalling(...calls: Call[]) {
    const model = new FakeToolCallingModel({ toolCalls: [calls, []] });
    const tools = backspaceTools(runtime, session, { only: ['github'], secrets: () => [github.seed.tokens.agent] });
    return createAgent({ model, tools, middleware: [backspaceApprovals(runtime, session, { approver: 'dana' })], checkpointer: new MemorySaver() });
  }
  const collect = (result: { messages: unknown[] }) => {
    const found = result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    toolMessages.push(...found);
    return found.map((message) => ({ ...JSON.parse(String(message.content)), status_: message.status }) as Record<string, unknown>);
  };

  beforeEach(async () => {
    github = await createGithubSimulator();
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [approveUpdates], killSwitchPollMs: 0 });
    session = await runtime.startSession({ agentId: 'triage-bot' });
    toolMessages = [];
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(toolMessages.map((message) => message.content))).not.toContain(github.seed.tokens.agent);
  });

  it('creates an issue from a tool call, keyed by the tool call id, and a rollback closes it', async () => {
    const { owner, repo } = github.seed;
    const agent = agentCalling({ name: 'github_issue_create', args: { owner, repo, title: 'Flaky checkout test' }, id: 'call_1' });
    const [output] = collect(await agent.invoke({ messages: [{ role: 'user', content: 'file the flaky test' }] }, thread));
    expect(output).toMatchObject({ status: 'done', action: 'github.issue.create', reversibility: 'compensatable' });
    expect([...issues().values()].find((issue) => issue.title === 'Flaky checkout test')).toMatchObject({ state: 'open' });
    expect(await entries('action.committed')).toEqual([expect.objectContaining({ idempotencyKey: 'call_1' })]);

    await session.end();
    expect((await runtime.rollback(session.id)).counts.undone).toBe(1);
    expect([...issues().values()].find((issue) => issue.title === 'Flaky checkout test')).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
  });

  it('asks through the human-in-the-loop interrupt; approved, it runs once with the approver and the exact input journaled', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const agent = agentCalling({ name: 'github_issue_update', args: { owner, repo, issue_number: issueNumber, title: 'Renamed by the agent' }, id: 'call_9' });
    const paused = await agent.invoke({ messages: [{ role: 'user', content: 'rename it' }] }, thread);
    const [asked] = (paused as unknown as { __interrupt__: { value: { actionRequests: { name: string; args: unknown }[] } }[] }).__interrupt__;
    expect(asked!.value.actionRequests[0]).toMatchObject({ name: 'github_issue_update', args: { title: 'Renamed by the agent' } });
    expect(issues().get(issueNumber)!.title).not.toBe('Renamed by the agent');
    expect(await entries('action.intent')).toHaveLength(0);

    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: 'approve' }] } }), thread);
    expect(collect(resumed)).toEqual([expect.objectContaining({ status: 'done', action: 'github.issue.update' })]);
    expect(issues().get(issueNumber)!.title).toBe('Renamed by the agent');
    expect((await entries('action.awaiting-approval'))[0]!.data).toMatchObject({ input: { title: 'Renamed by the agent', issue_number: issueNumber } });
    expect((await entries('approval.granted'))[0]!.data).toMatchObject({ by: 'dana' });
    expect(await entries('action.committed')).toHaveLength(1);
  });

  it('a refusal through the interrupt runs nothing and is journaled as denied', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const agent = agentCalling({ name: 'github_issue_update', args: { owner, repo, issue_number: issueNumber, title: 'Nope' }, id: 'call_d' });
    await agent.invoke({ messages: [{ role: 'user', content: 'rename' }] }, thread);
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: 'reject', message: 'not this one' }] } }), thread);
    expect(collect(resumed)).toEqual([expect.objectContaining({ status: 'denied', message: expect.stringContaining('not this one') })]);
    expect(issues().get(issueNumber)!.title).not.toBe('Nope');
    expect((await entries('approval.denied'))[0]!.data).toMatchObject({ by: 'dana', reason: 'not this one' });
  });

  it('invalid input is refused by LangChain before the tool runs; a killed agent’s call returns a killed result', async () => {
    const { owner, repo } = github.seed;
    const before = issues().size;
    const bad = await agentCalling({ name: 'github_issue_create', args: { owner, repo, title: 42 }, id: 'call_bad' }).invoke({ messages: [{ role: 'user', content: 'file' }] }, thread);
    const refused = bad.messages.find((message): message is ToolMessage => ToolMessage.isInstance(message))!;
    expect(String(refused.content)).toContain('Received tool input did not match expected schema');
    expect(await runtime.journal.sessionEntries(session.id)).toEqual([expect.objectContaining({ type: 'session.started' })]);

    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'spamming issues', by: 'ops' });
    const killed = await agentCalling({ name: 'github_issue_create', args: { owner, repo, title: 'One more' }, id: 'call_k' }).invoke({ messages: [{ role: 'user', content: 'file' }] }, { configurable: { thread_id: 'thread-2' } });
    expect(collect(killed)).toEqual([expect.objectContaining({ status: 'killed', message: expect.stringMatching(/^KILLED: github\.issue\.create: .*spamming issues.*stop calling tools/) })]);
    expect(issues().size).toBe(before);
  });
});
