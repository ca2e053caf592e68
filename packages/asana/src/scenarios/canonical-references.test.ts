// One task named two ways (a number, a string, a string with leading zeros) is one resource: its steps
// are planned against each other as one chain, and the rollback undoes them all.
import { describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment } from '../test-support/environment.js';

describe('a task gid given as a number, as a string, or zero-padded', () => {
  it('is one resource: the plan holds one task, nothing reads as someone else’s change, and every write is undone', async () => {
    const environment = await startAsanaEnvironment();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const { simulator } = environment;
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [] });
      const gid = simulator.seed.taskGids[0]!;
      const session = await runtime.startSession({ agentId: 'tool-caller' });
      // What a model's tool call may well send: the gid as a JSON number, or padded.
      await session.run('asana.task.update', { gid: Number(gid), name: 'Renamed by the agent' });
      await session.run('asana.task.update', { gid: `00${gid}`, completed: true });
      await session.run('asana.task.tag.add', { gid: Number(gid), tag: Number(simulator.seed.tags.urgent) });
      const created = await session.run('asana.task.create', { name: 'Follow-up', projects: [Number(simulator.seed.projectGid)] });
      await session.run('asana.story.create', { task: Number(created.gid), text: 'Linked to the launch task' });
      await session.end();

      const plan = await runtime.planRollback(session.id);
      expect(new Set(plan.steps.map((step) => step.resource))).toEqual(new Set([`asana.task:${gid}`, `asana.task:${created.gid}`, expect.stringMatching(/^asana\.story:\d+$/)]));
      expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo', 'undo', 'undo', 'undo']);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 5, failed: 0 });
      expect(simulator.task(gid)).toMatchObject({ name: 'Launch checklist item 1', completed: false, tags: [] });
      expect(simulator.task(created.gid)!.trashedAt).not.toBeNull();
    } finally {
      await journal.close();
      await environment.close();
    }
  });
});
