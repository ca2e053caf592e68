// The SDK's tool approval spans two requests. An app that keeps one session for the conversation (one
// long-lived process) gets the approval in its next request, after an operator, from another process
// (here another runtime over the same journal), ended the session and rolled it back: this process's
// session object never heard of the end. The approved call must not be sent: the rollback reported done,
// and an edit landing after it would stay. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateText, stepCountIs, type ModelMessage } from 'ai';
import { createRuntime, type JournalStore, type PolicyRule, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { backspaceTools } from './index.js';
import { model, step } from './test-support.js';

const approveUpdates: PolicyRule = { name: 'approve-issue-updates', evaluate: ({ action }) => (action === 'github.issue.update' ? { kind: 'require-approval', reason: 'issue edits need a person' } : { kind: 'allow' }) };

describe('@backspace/ai-sdk: an approval answered after the session was rolled back', () => {
  let github: GithubSimulator;
  let journal: JournalStore;
  let agentRuntime: Runtime;
  let operator: Runtime;
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
    const tools = backspaceTools(agentRuntime, session, { approver: 'dana', only: ['github'] });
    const asked: ModelMessage[] = [{ role: 'user', content: 'file and rename' }];
    const first = await generateText({
      model: model(step([
        { type: 'tool-call', toolCallId: 'call_create', toolName: 'github_issue_create', input: JSON.stringify({ owner, repo, title: 'Filed before the rollback' }) },
        { type: 'tool-call', toolCallId: 'call_rename', toolName: 'github_issue_update', input: JSON.stringify({ owner, repo, issue_number: issueNumber, title: 'Renamed after the rollback' }) },
      ], 'tool-calls')),
      tools, messages: asked, stopWhen: stepCountIs(3),
    });
    const approval = first.content.find((part) => part.type === 'tool-approval-request');
    expect(approval).toMatchObject({ toolCall: { toolCallId: 'call_rename' } });

    // The operator, elsewhere: the agent went wrong; end its session and roll it back.
    await operator.endSession(session.id, { by: 'ops', reason: 'bad triage' });
    expect((await operator.rollback(session.id)).counts.undone).toBe(1);
    expect([...issues().values()].find((issue) => issue.title === 'Filed before the rollback')).toMatchObject({ state: 'closed' });

    // Then the user clicks approve in the app's UI; the app's next request runs the approved call.
    const approved: ModelMessage[] = [
      ...asked,
      ...first.response.messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: approval!.type === 'tool-approval-request' ? approval!.approvalId : '', approved: true }] },
    ];
    const second = await generateText({ model: model(), tools, messages: approved, stopWhen: stepCountIs(3) });
    expect(issues().get(issueNumber)!.title).toBe(titleBefore);
    // The approved call's answer is the first tool message of the response: the runtime's policy now
    // refuses the call (its session was ended elsewhere), and the model reads why and what to do, not
    // that the call "does not require approval".
    const [answer] = second.response.messages;
    expect(answer).toMatchObject({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_rename', output: { type: 'json', value: { status: 'failed', code: 'session_ended' } } }] });
    const told = JSON.stringify(answer);
    expect(told).toMatch(/session [0-9a-f-]+ was ended by ops/);
    expect(told).toMatch(/start a new one/);
    expect(told).not.toMatch(/does not require approval/);
    const intents = (await journal.sessionEntries(session.id)).filter((entry) => entry.idempotencyKey === 'call_rename' && entry.type === 'action.intent');
    expect(intents).toHaveLength(0);
  });
});
