// The model-based judge through the AI SDK's structured output, driven by the SDK's own mock model:
// a verdict the model gives becomes a finding; an answer off the schema, a model error or a slow model
// is inconclusive, journaled, and the supervisor carries on.
import { afterEach, describe, expect, it } from 'vitest';
import { MockLanguageModelV3 } from 'ai/test';
import { aiJudge, createSupervisor, evaluate, type AuditSubject } from './index.js';
import { dataOf, entriesOf, slackRig, waitFor } from './test-support/rig.js';

const usage = { inputTokens: { total: 10, noCache: 10, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 5, text: 5, reasoning: 0 } };
const answering = (text: string) => new MockLanguageModelV3({ doGenerate: async () => ({ content: [{ type: 'text', text }], finishReason: { unified: 'stop', raw: 'stop' }, usage, warnings: [] }) });

const subject: AuditSubject = {
  actionId: 'a1', action: 'slack.message.post', provider: 'slack', sessionId: 's1', agentId: 'triage', correlationId: null, resource: 'slack.message:C1/1.0',
  reversibility: 'compensatable', input: { channel: 'C1', text: '[redacted]' }, result: null, reasoning: 'tell the customer', confidence: 0.4, valueAtRisk: null,
  pre: null, post: null, committedAt: new Date().toISOString(), seq: 3, earlier: [], resourcesTouched: 1,
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

describe('aiJudge', () => {
  it("gives the model's verdict, having shown it the journaled action and the agent's reasoning", async () => {
    const model = answering(JSON.stringify({ verdict: 'fail', confidence: 0.9, reason: 'an internal note in a customer channel' }));
    const outcome = await evaluate(aiJudge({ model }), subject, { timeoutMs: 5000, minConfidence: 0.5 });
    expect(outcome).toEqual({ kind: 'fail', verdict: { verdict: 'fail', confidence: 0.9, reason: 'an internal note in a customer channel' } });
    const prompt = JSON.stringify(model.doGenerateCalls[0]!.prompt);
    expect(prompt).toContain('tell the customer');
    expect(prompt).toContain('slack.message.post');
    // Structured output: the SDK asked the model for JSON of the verdict's schema.
    expect(model.doGenerateCalls[0]!.responseFormat).toMatchObject({ type: 'json', schema: { properties: { verdict: { enum: ['pass', 'fail'] } } } });
  });

  it('an answer off the schema, a model error, or a low-confidence fail are inconclusive, never a pass', async () => {
    const offSchema = await evaluate(aiJudge({ model: answering('{"verdict":"maybe"}') }), subject, { timeoutMs: 5000, minConfidence: 0.5 });
    expect(offSchema.kind).toBe('inconclusive');
    const failing = new MockLanguageModelV3({ doGenerate: async () => { throw new Error('model overloaded'); } });
    expect(await evaluate(aiJudge({ model: failing }), subject, { timeoutMs: 5000, minConfidence: 0.5 })).toMatchObject({ kind: 'inconclusive', reason: expect.stringContaining('model overloaded') });
    const unsure = answering(JSON.stringify({ verdict: 'fail', confidence: 0.2, reason: 'hard to say' }));
    expect(await evaluate(aiJudge({ model: unsure }), subject, { timeoutMs: 5000, minConfidence: 0.5 })).toMatchObject({ kind: 'inconclusive' });
  });

  it('a slow model is cut off at the timeout (its request aborted) and the audit is journaled inconclusive', async () => {
    const rig = await slackRig();
    cleanup.push(() => rig.close());
    let aborted = false;
    const slow = new MockLanguageModelV3({
      doGenerate: ({ abortSignal }) =>
        new Promise((_, reject) => abortSignal?.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))),
    });
    const supervisor = createSupervisor({ runtime: rig.supervisorRuntime, config: { auditDelayMs: 0, pollMs: 20, triggers: { sampling: { rate: 1, timeoutMs: 150 } } }, evaluator: aiJudge({ model: slow }) });
    await supervisor.start();
    cleanup.push(() => supervisor.stop());
    const session = await rig.agentRuntime.startSession({ agentId: 'triage' });
    await session.run('slack.message.post', { channel: rig.simulator.seed.privateChannel, text: 'hello' });
    await waitFor(async () => (await entriesOf(rig.journal, 'supervisor.audit')).length === 1, 5000, 'the audit');
    expect(aborted).toBe(true);
    const [finding] = await entriesOf(rig.journal, 'supervisor.finding');
    expect(dataOf(finding!)).toMatchObject({ trigger: 'sampling', verdict: 'inconclusive' });
  });
});
