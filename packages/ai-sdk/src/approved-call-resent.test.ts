// The AI SDK's tool approval spans two requests: the first ends with a `tool-approval-request`, the
// second (the app's next request, with the user's `tool-approval-response`) runs the approved call. A
// runtime session lives in one process and request, so each request has its own. When the second
// request's answer is lost and the app sends the same messages again, the SDK runs the approved call
// again, with the same tool call id: the issue must still be created once. Read back from the simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateText, stepCountIs, type ModelMessage } from 'ai';
import type { PolicyRule, Runtime } from '@backspace/core';
import type { GithubSimulator } from '@backspace/github/simulator';
import { backspaceTools } from './index.js';
import { githubRuntime, model, step } from './test-support.js';


/** Filing an issue waits for a person. */
const approveCreates: PolicyRule = { name: 'approve-creates', evaluate: ({ action }) => (action === 'github.issue.create' ? { kind: 'require-approval', reason: 'new issues need a person' } : { kind: 'allow' }) };

describe('@backspace/ai-sdk: an approved call sent again in a later request', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  const outputs: unknown[] = [];
  let titled: (title: string) => { title: string }[];

  beforeEach(async () => {
    ({ github, runtime, titled } = await githubRuntime([approveCreates]));
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(outputs)).not.toContain(github.seed.tokens.agent);
    outputs.length = 0;
  });

  /** One request of the app: its own session, the SDK's loop over the messages it was sent. */
  async function request(messages: ModelMessage[], ...steps: unknown[]) {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const tools = backspaceTools(runtime, session, { approver: 'dana', only: ['github'], secrets: () => [github.seed.tokens.agent] });
    const result = await generateText({ model: model(...steps), tools, messages, stopWhen: stepCountIs(3) });
    for (const done of result.steps) outputs.push(...done.toolResults.map((part) => part.output));
    // An approved call's result (run before the first step) is only in the response's messages.
    outputs.push(result.response.messages);
    await session.end();
    return result;
  }

  it('the same approved tool call id run by a second request writes once', async () => {
    const { owner, repo } = github.seed;
    const input = { owner, repo, title: 'Checkout is flaky' };
    const asked: ModelMessage[] = [{ role: 'user', content: 'file it' }];
    const first = await request(asked, step([{ type: 'tool-call', toolCallId: 'call_42', toolName: 'github_issue_create', input: JSON.stringify(input) }], 'tool-calls'));
    const approval = first.content.find((part) => part.type === 'tool-approval-request');
    expect(approval).toBeDefined();
    const approved: ModelMessage[] = [
      ...asked,
      ...first.response.messages,
      { role: 'tool', content: [{ type: 'tool-approval-response', approvalId: approval!.type === 'tool-approval-request' ? approval!.approvalId : '', approved: true }] },
    ];

    await request(approved);
    expect(titled('Checkout is flaky')).toHaveLength(1);
    // The app never got that answer and sends the same messages again.
    const again = await request(approved);
    expect(titled('Checkout is flaky')).toHaveLength(1);
    // The approved call's result is the first tool message of the response: the recorded one.
    const [answer] = again.response.messages;
    expect(answer).toMatchObject({ role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_42', output: { value: { status: 'done', result: { title: 'Checkout is flaky' } } } }] });
  });
});
