// The GitHub demo part end to end: the agent's session, the human's edits, rollback, verification.
import { expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubDemo } from './demo.js';

it('rollback removes the agent’s merge, pull request, branch and comment, and keeps the human’s commit and comment', async () => {
  const demo = await createGithubDemo();
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [demo.adapter], policy: [] });
  try {
    const session = await runtime.startSession({ agentId: 'demo-agent', reason: 'fix discounted totals' });
    const story = await demo.agent(session);
    await session.end();
    expect(story).toHaveLength(5);
    expect(await demo.human()).toHaveLength(2);

    const before = await demo.verify();
    expect(before.agentEffectsRemaining.length).toBeGreaterThan(0);

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed, JSON.stringify(report.steps.map((step) => step.error ?? null))).toBe(0);
    expect(report.residue.join('\n')).toContain('revert');
    expect(await demo.verify()).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
    const journal = JSON.stringify(await runtime.journal.sessionEntries(session.id));
    const { tokens } = (demo.simulator as unknown as { seed: { tokens: Record<string, string> } }).seed;
    expect(journal).not.toContain(tokens.agent);
    expect(journal).not.toContain(tokens.human);
  } finally {
    await runtime.journal.close();
    await demo.close();
  }
});
