// Three actions read the task right after their write, because Asana answers the write with an empty
// object: adding a tag, adding a task to a project, taking it out of one. When that read fails (Asana
// answering 503 until the retries run out), the write has landed all the same: it must not be journaled
// as a write that failed, or the rollback has nothing to undo and the change stays. Read back through
// the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from './adapter.js';
import type { AsanaSeed } from './simulator/seed.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

const cases = [
  { action: 'asana.task.tag.add', write: '/addTag', input: (seed: AsanaSeed, gid: string) => ({ gid, tag: seed.tags.urgent }) },
  { action: 'asana.task.project.add', write: '/addProject', input: (seed: AsanaSeed, gid: string) => ({ gid, project: seed.otherProjectGid }) },
  { action: 'asana.task.project.remove', write: '/removeProject', input: (seed: AsanaSeed, gid: string) => ({ gid, project: seed.projectGid }) },
] as const;

describe('a write that landed, the read of the task after it failing', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  for (const { action, write, input } of cases) {
    it(`${action}: is rolled back, never taken for a write Asana refused`, async () => {
      environment = await startAsanaEnvironment();
      const { simulator } = environment;
      const taskGid = simulator.seed.taskGids[9]!;
      const relations = () => ({ tags: [...simulator.task(taskGid)!.tags], projects: [...simulator.task(taskGid)!.projects] });
      const before = relations();
      const journal = createSqliteJournal({ path: ':memory:' });
      try {
        const agent = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
        const session = await agent.startSession({ agentId: 'organiser' });
        // Every read of the task fails once the write went through.
        const landed = () => simulator.log.entries().some((entry) => entry.path.endsWith(write));
        simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:gid', when: landed, kind: 'server-error', status: 503, times: 100 });
        await expect(session.run(action, input(simulator.seed, taskGid))).rejects.toThrow();
        simulator.faults.clear();
        expect(relations(), 'the write landed').not.toEqual(before);

        const operator = createRuntime({ journal, adapters: [createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [], clock: scaledClock(100) });
        await operator.endSession(session.id, { by: 'ops' });
        const report = await operator.rollback(session.id);
        expect(relations(), 'the agent’s change stayed after the rollback').toEqual(before);
        expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([[action, 'verified']]);
      } finally {
        await journal.close();
      }
    });
  }
});
