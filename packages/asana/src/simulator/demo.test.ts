// Asana's demo part end to end, on the default policy as `backspace demo` runs it.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaDemo } from './demo.js';

describe('the Asana demo part', () => {
  it('agent, human, rollback: no agent effect remains and the human edit survives', async () => {
    const part = await createAsanaDemo();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [part.adapter] });
      const session = await runtime.startSession({ agentId: 'triage-agent' });
      const agentLines = await part.agent(session);
      await session.end();
      expect(agentLines).toHaveLength(16);
      expect(agentLines.at(-1)).toContain('held it for a human');
      expect(await part.human()).toHaveLength(1);

      const before = await part.verify();
      expect(before.agentEffectsRemaining, 'before rollback the agent’s effects are there').toHaveLength(14);

      const report = await runtime.rollback(session.id);
      expect(report.byOutcome.failed).toBe(0);
      expect(await part.verify()).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
      expect(part.simulator.stats.rateLimited, 'the part stays within Asana’s 150 requests a minute').toBe(0);
    } finally {
      await journal.close();
      await part.close();
    }
  });
});
