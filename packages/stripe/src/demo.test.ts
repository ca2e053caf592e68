// Stripe's part of the demo, end to end in one runtime with the default policy: the agent's coupon and
// scheduled cancellation are rolled back, the $47,000 refund is held (no money moves), and Dana's note
// on the subscription survives; checked by the part's own verify (Dana's SDK) and the simulator's records.
import { expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { StripeSimulator } from './simulator/index.js';
import { createStripeDemo } from './demo.js';

it('rolls back the coupon and the scheduled cancellation, holds the refund, and keeps Dana’s note', async () => {
  const part = await createStripeDemo();
  try {
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [part.adapter] });
    const session = await runtime.startSession({ agentId: 'billing-agent' });
    const lines = await part.agent(session);
    expect(lines.at(-1)).toMatch(/tried to refund \$47,000\.00 .* held it for a human's approval/);
    await session.end();
    await part.human();
    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
    expect(await part.verify()).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
    const records = (part.simulator as unknown as StripeSimulator).inspect().objects;
    expect([...records.values()].filter((found) => found.object === 'refund')).toEqual([]);
  } finally {
    await part.close();
  }
});
