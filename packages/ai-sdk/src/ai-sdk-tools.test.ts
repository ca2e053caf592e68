// The AI SDK's own loop (generateText) with its mock model emitting tool calls, no LLM: every effect is
// read back from the GitHub simulator's state and the journal, never through the tools under test.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateText, stepCountIs, type ModelMessage } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { createRuntime, type PolicyRule, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceTools } from './index.js';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
type Call = [toolCallId: string, toolName: string, input: unknown];
const toolCalls = (...calls: Call[]) => ({
  content: calls.map(([toolCallId, toolName, input]) => ({ type: 'tool-call' as const, toolCallId, toolName, input: JSON.stringify(input) })),
  finishReason: { unified: 'tool-calls' as const, raw: 'tool_calls' },
  usage,
  warnings: [],
});
const text = (answer: string) => ({ content: [{ type: 'text' as const, text: answer }], finishReason: { unified: 'stop' as const, raw: 'stop' }, usage, warnings: [] });
/** A model that answers each generate call with the next scripted step, then says it is done. */
const scripted = (...steps: ReturnType<typeof toolCalls | typeof text>[]) => new MockLanguageModelV3({ doGenerate: async () => steps.shift() ?? text('done') });

/** Policy for these tests: editing an issue waits for a person. */
const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/ai-sdk with generateText', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  let session: Session;
  let outputs: unknown[];

  const issues = () => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string; state_reason: string | null }> }).issues;
  const entries = async (type: string) => (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === type);
  const tools = () => backspaceTools(runtime, session, { approver: 'dana', only: ['github'], secrets: () => [github.seed.tokens.agent] });

  beforeEach(async () => {
    github = await createGithubSimulator();
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [approveUpdates], killSwitchPollMs: 0 });
    session = await runtime.startSession({ agentId: 'triage-bot' });
    outputs = [];
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    // No tool output carried the token the adapter holds.
    expect(JSON.stringify(outputs)).not.toContain(github.seed.tokens.agent);
  });

  const run = async (model: MockLanguageModelV3, messages: ModelMessage[]) => {
    const result = await generateText({ model, tools: tools(), messages, stopWhen: stepCountIs(5) });
    for (const step of result.steps) outputs.push(...step.toolResults.map((part) => part.output));
    return result;
  };

  it('creates an issue from a tool call, keyed by the tool call id, and a rollback closes it', async () => {
    const { owner, repo } = github.seed;
    const before = issues().size;
    const model = scripted(toolCalls(['call_1', 'github_issue_create', { owner, repo, title: 'Flaky checkout test' }]), text('filed it'));
    const result = await run(model, [{ role: 'user', content: 'file the flaky test' }]);

    expect(result.text).toBe('filed it');
    expect(result.steps[0]!.toolResults[0]!.output).toMatchObject({ status: 'done', toolCallId: 'call_1', reversibility: 'compensatable' });
    expect(issues().size).toBe(before + 1);
    const created = [...issues().values()].find((issue) => issue.title === 'Flaky checkout test')!;
    expect(created.state).toBe('open');
    const [committed] = await entries('action.committed');
    expect(committed).toMatchObject({ action: 'github.issue.create', idempotencyKey: 'call_1' });
    // The model saw the tool's description written for it and its JSON Schema.
    const offered = model.doGenerateCalls[0]!.tools!.find((offer) => offer.name === 'github_issue_create') as { description: string; inputSchema: { properties: Record<string, unknown> } };
    expect(offered.description).toMatch(/issue/i);
    expect(Object.keys(offered.inputSchema.properties)).toEqual(expect.arrayContaining(['owner', 'repo', 'title']));

    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.counts.undone).toBe(1);
    expect([...issues().values()].find((issue) => issue.title === 'Flaky checkout test')).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
  });

  it('asks through the SDK’s tool approval, then runs once with the approver and the exact input journaled', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const input = { owner, repo, issue_number: issueNumber, title: 'Renamed by the agent' };
    const first = await run(scripted(toolCalls(['call_9', 'github_issue_update', input])), [{ role: 'user', content: 'rename it' }]);

    const request = first.content.find((part) => part.type === 'tool-approval-request');
    expect(request).toMatchObject({ toolCall: { toolCallId: 'call_9' } });
    expect(issues().get(issueNumber)!.title).not.toBe('Renamed by the agent');
    expect(await entries('action.intent')).toHaveLength(0);

    // The app's user approves in its own UI; the SDK then runs the approved call.
    const approved: ModelMessage[] = [
      { role: 'user', content: 'rename it' },
      ...first.response.messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: request!.type === 'tool-approval-request' ? request!.approvalId : '', approved: true, reason: 'looks right' }] },
    ];
    const second = await run(scripted(text('renamed')), approved);
    expect(second.text).toBe('renamed');
    expect(issues().get(issueNumber)!.title).toBe('Renamed by the agent');
    const [asked] = await entries('action.awaiting-approval');
    expect(asked!.data).toMatchObject({ input: { title: 'Renamed by the agent', issue_number: issueNumber } });
    const [granted] = await entries('approval.granted');
    expect(granted!.data).toMatchObject({ by: 'dana' });
    expect(await entries('action.committed')).toHaveLength(1);
  });

  it('a denied approval runs nothing; invalid input is the SDK’s input error, journaled as no execution', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const first = await run(scripted(toolCalls(['call_d', 'github_issue_update', { owner, repo, issue_number: issueNumber, title: 'Nope' }])), [{ role: 'user', content: 'rename' }]);
    const request = first.content.find((part) => part.type === 'tool-approval-request')!;
    const denied: ModelMessage[] = [...first.response.messages, { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: request.type === 'tool-approval-request' ? request.approvalId : '', approved: false }] }];
    await run(scripted(text('ok')), [{ role: 'user', content: 'rename' }, ...denied]);
    expect(issues().get(issueNumber)!.title).not.toBe('Nope');

    const bad = await run(scripted(toolCalls(['call_bad', 'github_issue_create', { owner, repo, title: '' }]), text('sorry')), [{ role: 'user', content: 'file' }]);
    const error = bad.steps[0]!.content.find((part) => part.type === 'tool-error');
    expect(error).toMatchObject({ toolCallId: 'call_bad' });
    expect(String((error as { error: unknown }).error)).toMatch(/title/);
    // The SDK refused it before execute: nothing journaled, not even a rejection.
    expect(await entries('action.rejected')).toHaveLength(0);
    expect(await entries('action.intent')).toHaveLength(0);
    expect(await entries('action.committed')).toHaveLength(0);
  });

  it('a killed agent’s tool call returns a killed result the model reads, and nothing is written', async () => {
    const { owner, repo } = github.seed;
    await runtime.kill({ scope: { agentId: 'triage-bot' }, reason: 'spamming issues', by: 'ops' });
    const before = issues().size;
    const result = await run(scripted(toolCalls(['call_k', 'github_issue_create', { owner, repo, title: 'One more' }]), text('stopped')), [{ role: 'user', content: 'file' }]);
    expect(result.steps[0]!.toolResults[0]!.output).toMatchObject({ status: 'killed', message: expect.stringMatching(/^KILLED: github\.issue\.create: .*spamming issues.*stop calling tools/) });
    expect(issues().size).toBe(before);
  });
});
