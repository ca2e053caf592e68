// The Notion part of `backspace demo`, end to end: agent, human, rollback, verify.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotionDemo } from './simulator/index.js';

describe('notion demo part', () => {
  it('rolls back the agent’s rewrite of the 60-block runbook and keeps the human’s title', async () => {
    const part = await createNotionDemo();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [part.adapter], policy: [] });
      const session = await runtime.startSession({ agentId: 'demo-agent' });
      const story = await part.agent(session);
      await session.end();
      story.push(...(await part.human()));
      expect(story).toHaveLength(2);
      const before = await part.verify();
      expect(before.agentEffectsRemaining).toHaveLength(1);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
      expect(await part.verify()).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
    } finally {
      await journal.close();
      await part.close();
    }
  });
});
