// A tool call id reused in a later request (its own session) for a different call: an app that reuses
// ids, a provider whose ids restart. The new call must not be answered with the earlier call's recorded
// result (the model would be told its issue was filed when nothing was sent): it is refused as an
// idempotency conflict, nothing sent. Read back from the GitHub simulator.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { generateText, stepCountIs } from 'ai';
import type { Runtime } from '@backspace/core';
import type { GithubSimulator } from '@backspace/github/simulator';
import { backspaceTools } from './index.js';
import { githubRuntime, model, step } from './test-support.js';


describe('@backspace/ai-sdk: a tool call id reused in a later request for other input', () => {
  let github: GithubSimulator;
  let runtime: Runtime;
  const outputs: unknown[] = [];
  let titled: (title: string) => { title: string }[];

  beforeEach(async () => {
    ({ github, runtime, titled } = await githubRuntime([]));
  });
  afterEach(async () => {
    await runtime.journal.close();
    await github.close();
    expect(JSON.stringify(outputs)).not.toContain(github.seed.tokens.agent);
    outputs.length = 0;
  });

  /** One request of the app, in its own session: the model files an issue under the tool call id given. */
  async function request(toolCallId: string, title: string) {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const tools = backspaceTools(runtime, session, { approver: 'dana', only: ['github'], secrets: () => [github.seed.tokens.agent] });
    const { owner, repo } = github.seed;
    const call = step([{ type: 'tool-call', toolCallId, toolName: 'github_issue_create', input: JSON.stringify({ owner, repo, title }) }], 'tool-calls');
    const result = await generateText({ model: model(call), tools, messages: [{ role: 'user', content: 'file it' }], stopWhen: stepCountIs(3) });
    const output = result.steps[0]!.toolResults[0]!.output as Record<string, unknown>;
    outputs.push(output);
    await session.end();
    return output;
  }

  it('is refused as idempotency_conflict, nothing sent, and never answered with the earlier issue', async () => {
    const first = await request('call_1', 'Checkout is flaky');
    expect(first).toMatchObject({ status: 'done', result: { title: 'Checkout is flaky' } });

    const other = await request('call_1', 'Search returns nothing');

    expect(titled('Search returns nothing')).toHaveLength(0);
    expect(titled('Checkout is flaky')).toHaveLength(1);
    expect(other).toMatchObject({ status: 'failed', code: 'idempotency_conflict', toolCallId: 'call_1', message: expect.stringMatching(/other input/) });
    expect(other).not.toHaveProperty('result');
  });

  it('the same call run again under its id still gets its recorded result, written once', async () => {
    const first = await request('call_2', 'Checkout is flaky');
    const again = await request('call_2', 'Checkout is flaky');
    expect(titled('Checkout is flaky')).toHaveLength(1);
    expect(again).toMatchObject({ status: 'done', result: first.result });
  });
});
