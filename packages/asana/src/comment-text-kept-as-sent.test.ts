// A comment's `text` is plain text (Asana's description: "The plain text of the comment to add"): a
// comment that reads like markup ("the <v2> endpoint") is kept as written. A lost answer is then found
// again by its text, so it is neither posted twice nor left behind by the rollback. Read back through
// the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a comment whose text has angle brackets', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  it('is posted once despite a lost answer, kept as written, and deleted by the rollback', async () => {
    environment = await startAsanaEnvironment();
    const { simulator } = environment;
    const taskGid = simulator.seed.taskGids[2]!;
    const comments = () => simulator.store.state.stories.filter((story) => story.task === taskGid && story.type === 'comment').map((story) => story.text);
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
      const session = await runtime.startSession({ agentId: 'notifier' });
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks/:gid/stories', kind: 'drop-after-commit', times: 1 });
      await session.run('asana.story.create', { task: taskGid, text: 'Switch to the <v2> endpoint & retry' });
      await session.end();
      expect(comments(), 'posted twice, or not as written').toEqual(['Switch to the <v2> endpoint & retry']);

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.story.create', 'verified']]);
      expect(comments()).toEqual([]);
    } finally {
      await journal.close();
    }
  });
});
