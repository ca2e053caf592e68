// A createAgent graph interrupted for an approval is resumed later from its checkpoint, in another request
// (so another runtime session: a session lives in one process and request). Resuming re-runs the tool
// calls of the interrupted step: a write that step already made must not be made again. Read back from
// the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgent, FakeToolCallingModel, ToolMessage } from 'langchain';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createRuntime, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceApprovals, backspaceTools } from './index.js';

/** Editing an issue waits for a person. */
const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

type Call = { name: string; args: Record<string, unknown>; id: string };

describe('@backspace/langchain: a graph resumed in a new session', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  const contents: unknown[] = [];
  let checkpointer: MemorySaver;
  const thread = { configurable: { thread_id: 'resumed-thread' } };
  const titled = (title: string) => [...(github.inspect() as unknown as { issues: Map<number, { title: string }> }).issues.values()].filter((issue) => issue.title === title);

  /** The agent as one request builds it: its own session, the shared checkpointer. */
  async function agentFor(toolCalls: Call[][]) {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const model = new FakeToolCallingModel({ toolCalls });
    const tools = backspaceTools(runtime, session, { only: ['github'], secrets: () => [github.seed.tokens.agent] });
    return createAgent({ model, tools, middleware: [backspaceApprovals(runtime, session, { approver: 'dana' })], checkpointer });
  }
  const collect = (result: { messages: unknown[] }) => {
    const found = result.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message));
    contents.push(...found.map((message) => message.content));
    return found.map((message) => JSON.parse(String(message.content)) as Record<string, unknown>);
  };

  beforeEach(async () => {
    checkpointer = new MemorySaver();
    github = await createGithubSimulator();
    const adapter = createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url });
    runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [approveUpdates], killSwitchPollMs: 0 });
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(contents)).not.toContain(github.seed.tokens.agent);
    contents.length = 0;
  });

  it('a tool step whose checkpoint failed to save is run again by the retried request: the issue is created once', async () => {
    const { owner, repo } = github.seed;
    // The checkpoint store is down as the tool step's results are saved (a database blip): the step's
    // writes and the checkpoint after it are lost, the last saved checkpoint is the model's tool call.
    let down = true;
    const holdsToolResult = (value: unknown) => JSON.stringify(value ?? null).includes('ToolMessage') || JSON.stringify(value ?? null).includes('"tool_call_id"');
    const put = checkpointer.put.bind(checkpointer);
    const putWrites = checkpointer.putWrites.bind(checkpointer);
    checkpointer.put = async (...args: Parameters<MemorySaver['put']>) => {
      if (down && holdsToolResult(args[1].channel_values)) throw new Error('checkpoint store unavailable');
      return put(...args);
    };
    checkpointer.putWrites = async (...args: Parameters<MemorySaver['putWrites']>) => {
      if (down && holdsToolResult(args[1])) throw new Error('checkpoint store unavailable');
      return putWrites(...args);
    };
    const call: Call = { name: 'github_issue_create', args: { owner, repo, title: 'Retried step' }, id: 'call_retried' };
    await expect((await agentFor([[call], []])).invoke({ messages: [{ role: 'user', content: 'file it' }] }, thread)).rejects.toThrow(/checkpoint store unavailable/);
    expect(titled('Retried step')).toHaveLength(1);
    down = false;

    // The app's next request picks the thread up where its last checkpoint left it.
    const retried = await (await agentFor([[]])).invoke(null, thread);
    expect(collect(retried)).toEqual([expect.objectContaining({ status: 'done', action: 'github.issue.create' })]);
    expect(titled('Retried step')).toHaveLength(1);
  });

  it('an issue created in the interrupted step is not created again when the approval resumes it', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const calls: Call[] = [
      { name: 'github_issue_create', args: { owner, repo, title: 'Checkout is flaky' }, id: 'call_create' },
      { name: 'github_issue_update', args: { owner, repo, issue_number: issueNumber, title: 'Renamed after review' }, id: 'call_rename' },
    ];
    const paused = await (await agentFor([calls, []])).invoke({ messages: [{ role: 'user', content: 'file and rename' }] }, thread);
    expect((paused as { __interrupt__?: unknown[] }).__interrupt__).toHaveLength(1);

    // The approval comes in a later request.
    const resumed = await (await agentFor([[]])).invoke(new Command({ resume: { decisions: [{ type: 'approve' }] } }), thread);
    const outputs = collect(resumed);
    expect(titled('Checkout is flaky')).toHaveLength(1);
    expect(titled('Renamed after review')).toHaveLength(1);
    expect(outputs).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'done', action: 'github.issue.create' }), expect.objectContaining({ status: 'done', action: 'github.issue.update' })]));
  });
});
