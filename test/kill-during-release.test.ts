// A kill (pause) while a held refund is being released: the release has journaled its intent and sent the
// refund, Stripe has it (a delay holds the answer), and the kill stops the call in flight. The release
// report called it "still held (the agent is paused)", though Stripe made it; a call killed in flight
// is now reported failed (its outcome unknown, looked up by key next time). Read back through Stripe.
import { afterEach, describe, expect, it } from 'vitest';
import { stripeRefundRig } from './support/stripe-refund-rig.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.reverse()) await step();
  cleanup = [];
});

const stripeRig = () => stripeRefundRig('held-kill-release', cleanup);

describe('a kill while a held refund is being released', () => {
  it('the release report does not call a refund Stripe received (and made) "still held"', async () => {
    const { simulator, runtime, payment, refunds } = await stripeRig();
    const agent = runtime();
    const session = await agent.startSession({ agentId: 'billing-agent', defer: 'irreversible' });
    expect(await session.run('stripe.refund.create', { payment_intent: payment.id, amount: 90_000, currency: 'usd' }, { idempotencyKey: 'refund-1' })).toMatchObject({ deferred: true, status: 'held' });
    await session.end();

    simulator.faults.inject({ method: 'POST', path: '/v1/refunds', kind: 'delay', ms: 600, clock: 'real' });
    const person = runtime({ inFlightTimeoutMs: 1_500 });
    const releasing = person.outbox.release(session.id, { by: 'dana' });
    // The refund request is at Stripe: an operator elsewhere pauses the agent.
    while (simulator.faults.fired().length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await runtime().kill({ scope: { agentId: 'billing-agent' }, reason: 'looks wrong', by: 'ops' });
    const report = await releasing;
    // Stripe finishes the refund it was given.
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(refunds().map((refund) => refund['amount'])).toEqual([90_000]);

    const listed = await person.outbox.list({ sessionId: session.id });
    expect(
      { outcome: report.actions[0]?.outcome, summary: report.summary, listed: listed[0]?.status },
      'what `backspace release` tells the person, next to what the outbox lists, for a refund Stripe made',
    ).toEqual({ outcome: expect.not.stringMatching(/^held$/), summary: expect.not.stringContaining('still held'), listed: 'sending' });
  });
});
