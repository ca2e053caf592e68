// A held call (deferred effect) and a kill with rollback at the same moment. The runtime read the kill
// switch before the policy rules only, then journaled `action.deferred`: a kill with rollback landing in
// that gap finished first, its rollback dropped nothing, and the call it never saw was held afterwards
// in a session already rolled back, for a later release to send. The kill switch is read again once the
// held call is journaled, and the agent withdraws it (deferred.ts withdrawIfKilled). Read back through
// Stripe's records.
import { afterEach, describe, expect, it } from 'vitest';
import type { PolicyRule } from '@backspace/core';
import { stripeRefundRig } from './support/stripe-refund-rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const stripeRig = () => stripeRefundRig('held-kill', cleanup);

/** A budget rule that holds a refund until `letRuleAnswer`, saying when it has one (`ruleReached`). */
function slowRefundRule() {
  let reached!: () => void;
  const ruleReached = new Promise<void>((resolve) => (reached = resolve));
  let letRuleAnswer!: () => void;
  const ruleAnswers = new Promise<void>((resolve) => (letRuleAnswer = resolve));
  const budget: PolicyRule = {
    name: 'refund-budget',
    evaluate: async ({ action }) => {
      if (action === 'stripe.refund.create') {
        reached();
        await ruleAnswers;
      }
      return { kind: 'allow' };
    },
  };
  return { budget, ruleReached, letRuleAnswer };
}

describe('a held call and a kill with rollback at once', () => {
  it('a refund held while the agent is being paused and rolled back is refused or dropped, never left held to be sent later', async () => {
    const { runtime, payment } = await stripeRig();
    // A rule that takes a moment (a budget service asked over the network, say); it runs after the kill switch was read.
    const { budget, ruleReached, letRuleAnswer } = slowRefundRule();
    const agent = runtime({ policy: [budget] });
    const session = await agent.startSession({ agentId: 'billing-agent', defer: 'irreversible' });
    await session.run('stripe.customer.create', { name: 'Refund follow-up', email: 'ops@example.com' });

    const call = session.run('stripe.refund.create', { payment_intent: payment.id, amount: 90_000, currency: 'usd' }, { idempotencyKey: 'refund-1' }).then(
      (value) => ({ value }),
      (error: unknown) => ({ error: error as { code?: string } }),
    );
    await ruleReached;

    // The operator pauses the agent and rolls its session back while the refund is between its kill check and its deferral.
    const operator = runtime();
    const { rolledBack } = await operator.kill({ scope: { agentId: 'billing-agent' }, reason: 'refunding the wrong customers', by: 'dana', rollback: true });
    expect(rolledBack).toHaveLength(1);
    expect(rolledBack[0]!.counts).toMatchObject({ undone: 1, failed: 0 });
    letRuleAnswer();
    const answered = await call;

    // What the operator then reads: the session rolled back, and nothing of it waiting to be sent.
    const stillHeld = (await operator.outbox.list({ sessionId: session.id })).filter((held) => held.status === 'held');
    expect(
      { agentAnswer: 'error' in answered ? answered.error.code : 'held', stillHeld: stillHeld.map((held) => held.action) },
      'a kill journaled before the held call was journaled must refuse it (as an intent is refused); the rollback reported success with nothing held',
    ).toEqual({ agentAnswer: 'killed', stillHeld: [] });
  });

  it('after a resume, a release of the rolled-back session sends the refund the rollback never saw', async () => {
    const { runtime, payment, refunds } = await stripeRig();
    const { budget, ruleReached, letRuleAnswer } = slowRefundRule();
    const agent = runtime({ policy: [budget] });
    const session = await agent.startSession({ agentId: 'billing-agent', defer: 'irreversible' });
    const call = session.run('stripe.refund.create', { payment_intent: payment.id, amount: 90_000, currency: 'usd' }, { idempotencyKey: 'refund-1' }).catch(() => undefined);
    await ruleReached;
    const operator = runtime();
    await operator.kill({ scope: { agentId: 'billing-agent' }, reason: 'refunding the wrong customers', by: 'dana', rollback: true });
    letRuleAnswer();
    await call;
    await session.end();

    // Fixed, the agent is resumed; someone commits what is left of the session (or the supervisor's audit passes it).
    await operator.resume({ scope: { agentId: 'billing-agent' }, by: 'dana', reason: 'prompt fixed' });
    await operator.outbox.release(session.id, { by: 'sam' });
    expect(refunds().map((refund) => refund['amount']), 'a refund the agent asked for after its kill reached Stripe, from a session rolled back').toEqual([]);
  });

  it('with no slow rule at all: the agent process reads the kill switch at most every 200 ms (the default), and a refund held in that window outlives the kill and its rollback', async () => {
    const { runtime, payment } = await stripeRig();
    const agent = runtime({ killSwitchPollMs: 200 });
    const session = await agent.startSession({ agentId: 'billing-agent', defer: 'irreversible' });
    // Its last call read the kill switch a moment ago.
    await session.run('stripe.customer.create', { name: 'Refund follow-up', email: 'ops@example.com' });
    const operator = runtime();
    const started = performance.now();
    const { rolledBack } = await operator.kill({ scope: { agentId: 'billing-agent' }, reason: 'refunding the wrong customers', by: 'dana', rollback: true });
    expect(rolledBack[0]!.counts).toMatchObject({ undone: 1, failed: 0 });
    const answer = await session.run('stripe.refund.create', { payment_intent: payment.id, amount: 90_000, currency: 'usd' }, { idempotencyKey: 'refund-1' }).then(
      (value) => (value as { status?: string }).status ?? 'sent',
      (error: { code?: string }) => error.code,
    );
    const elapsed = performance.now() - started;
    const stillHeld = (await operator.outbox.list({ sessionId: session.id })).filter((held) => held.status === 'held');
    expect({ answer, stillHeld: stillHeld.length }, `the refund was asked ${Math.round(elapsed)} ms after the kill was journaled and the rollback reported`).toEqual({ answer: 'killed', stillHeld: 0 });
  });
});
