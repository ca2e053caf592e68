// A number custom field given as text (`"7"`), which Asana takes and stores as the number 7. When the
// update's answer is lost, its lookup compares what the agent asked for with what the task holds: the
// text "7" must match the number 7, or the agent's own value reads as someone else's and stays after
// the rollback. Read back through the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a number custom field the agent gave as text, its answer lost', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  it('is found as the agent’s write and put back, with the name it changed beside it', async () => {
    environment = await startAsanaEnvironment();
    const { simulator } = environment;
    const { estimate } = simulator.seed.customFields;
    const taskGid = simulator.seed.taskGids[4]!;
    const before = { name: simulator.task(taskGid)!.name, estimate: simulator.task(taskGid)!.customValues[estimate] };
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
      const session = await runtime.startSession({ agentId: 'estimator' });
      // The update lands and its answer is lost: the runtime settles it by looking it up.
      simulator.faults.inject({ method: 'PUT', path: '/api/1.0/tasks/:gid', kind: 'drop-after-commit', times: 1 });
      await session.run('asana.task.update', { gid: taskGid, name: 'Estimate the launch', custom_fields: { [estimate]: '7' } });
      await session.end();
      expect(simulator.task(taskGid)!.customValues[estimate], 'Asana stores the text as a number').toBe(7);

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome]), JSON.stringify(report.steps)).toEqual([['asana.task.update', 'verified']]);
      expect({ name: simulator.task(taskGid)!.name, estimate: simulator.task(taskGid)!.customValues[estimate] }, 'the agent’s estimate stayed, blamed on someone else').toEqual(before);
    } finally {
      await journal.close();
    }
  });
});
