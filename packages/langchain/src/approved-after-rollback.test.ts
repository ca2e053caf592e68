// An approval answered after an operator ended and rolled back the session from another process (here
// another runtime over the same journal): the interrupt resumes in the agent's process, whose session
// object never heard of the end. The approved call must not be sent: the rollback reported done, and an
// edit landing after it would stay. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAgent, FakeToolCallingModel, ToolMessage } from 'langchain';
import { Command, MemorySaver } from '@langchain/langgraph';
import { createRuntime, type JournalStore, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceApprovals, backspaceTools } from './index.js';

const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/langchain: an approval resumed after the session was rolled back', () => {
  let github: GithubSimulator;
  let journal: JournalStore;
  let agentRuntime: Runtime;
  let operator: Runtime;
  const thread = { configurable: { thread_id: 'rolled-back-thread' } };
  const issues = () => (github.inspect() as unknown as { issues: Map<number, { title: string; state: string }> }).issues;

  beforeEach(async () => {
    github = await createGithubSimulator();
    journal = createSqliteJournal({ path: ':memory:' });
    const runtimeOver = () => createRuntime({ journal, adapters: [createGithubAdapter({ token: github.seed.tokens.agent, baseUrl: github.url })], policy: [approveUpdates], killSwitchPollMs: 0 });
    agentRuntime = runtimeOver();
    operator = runtimeOver();
  });
  afterEach(async () => {
    await journal.close();
    await github.close();
  });

  it('the approved edit is not sent, and the model is told so', async () => {
    const { owner, repo, issueNumber } = github.seed;
    const titleBefore = issues().get(issueNumber)!.title;
    const session = await agentRuntime.startSession({ agentId: 'triage-bot' });
    const model = new FakeToolCallingModel({
      toolCalls: [[
        { name: 'github_issue_create', args: { owner, repo, title: 'Filed before the rollback' }, id: 'call_create' },
        { name: 'github_issue_update', args: { owner, repo, issue_number: issueNumber, title: 'Renamed after the rollback' }, id: 'call_rename' },
      ], []],
    });
    const agent = createAgent({ model, tools: backspaceTools(agentRuntime, session, { only: ['github'] }), middleware: [backspaceApprovals(agentRuntime, session, { approver: 'dana' })], checkpointer: new MemorySaver() });
    const paused = await agent.invoke({ messages: [{ role: 'user', content: 'file and rename' }] }, thread);
    expect((paused as { __interrupt__?: unknown[] }).__interrupt__).toHaveLength(1);

    // The operator, elsewhere: the agent went wrong; end its session and roll it back.
    await operator.endSession(session.id, { by: 'ops', reason: 'bad triage' });
    const report = await operator.rollback(session.id);
    expect(report.counts.undone).toBe(1);
    expect([...issues().values()].find((issue) => issue.title === 'Filed before the rollback')).toMatchObject({ state: 'closed' });

    // Then someone answers the old approval prompt.
    const resumed = await agent.invoke(new Command({ resume: { decisions: [{ type: 'approve' }] } }), thread);
    expect(issues().get(issueNumber)!.title).toBe(titleBefore);
    const answers = resumed.messages.filter((message): message is ToolMessage => ToolMessage.isInstance(message)).map((message) => JSON.parse(String(message.content)) as { status: string; action: string; code?: string });
    expect(answers.find((answer) => answer.action === 'github.issue.update')).toMatchObject({ status: 'failed', code: 'session_ended' });
    // Nothing of the approved call was journaled into the rolled-back session after its rollback.
    const after = (await journal.sessionEntries(session.id)).filter((entry) => entry.idempotencyKey === 'call_rename');
    expect(after.filter((entry) => entry.type === 'action.intent')).toHaveLength(0);
  });
});
