// A person who marks what the agent's new task blocks, or what it waits on, has planned around it: the
// link is theirs (Asana shows it on both tasks). Deleting the agent's task would take that link away
// with it, so the rollback keeps the task as a conflict naming the link. The agent writes through core's
// runtime; the person links through their own Asana SDK client; the outcome is read from the simulator.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

async function agentCreatesTask(action: 'asana.task.create' | 'asana.subtask.create') {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'planner-bot' });
  const task = (await (action === 'asana.task.create'
    ? session.run('asana.task.create', { name: 'Migrate billing DB', projects: [simulator.seed.projectGid] })
    : session.run('asana.subtask.create', { parent: simulator.seed.taskGids[2]!, name: 'Back up billing DB' }))) as { gid: string };
  await session.end();
  return { ...environment, runtime, session, task };
}

/** The gids a task depends on, straight from the simulator's records. */
const dependenciesOf = (gid: string) => environment.simulator.task(gid)?.dependencies ?? [];

it("keeps the agent's task a person's own task now waits on (a dependent they added)", async () => {
  const { simulator, human, runtime, session, task } = await agentCreatesTask('asana.task.create');
  const theirs = simulator.seed.taskGids[0]!;
  await human.call('addDependenciesForTask', true, () => human.tasks.addDependenciesForTask({ data: { dependencies: [task.gid] } }, theirs));

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.create', 'conflict']]);
  expect(report.residue.join('\n')).toContain(`dependent:${theirs}`);
  expect(simulator.task(task.gid)?.trashedAt, 'the agent’s task is still there').toBeNull();
  expect(dependenciesOf(theirs), 'the person’s link stands').toEqual([task.gid]);
  await runtime.journal.close();
});

it("keeps the agent's subtask a person made wait on another task (a dependency they added)", async () => {
  const { simulator, human, runtime, session, task } = await agentCreatesTask('asana.subtask.create');
  const blocker = simulator.seed.taskGids[1]!;
  await human.call('addDependenciesForTask', true, () => human.tasks.addDependenciesForTask({ data: { dependencies: [blocker] } }, task.gid));

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.subtask.create', 'conflict']]);
  expect(report.residue.join('\n')).toContain(`dependency:${blocker}`);
  expect(simulator.task(task.gid)?.trashedAt).toBeNull();
  expect(dependenciesOf(task.gid)).toEqual([blocker]);
  await runtime.journal.close();
});

it('deletes the agent’s task once the person took their link off again', async () => {
  const { simulator, human, runtime, session, task } = await agentCreatesTask('asana.task.create');
  const theirs = simulator.seed.taskGids[0]!;
  await human.call('addDependentsForTask', true, () => human.tasks.addDependentsForTask({ data: { dependents: [theirs] } }, task.gid));
  await human.call('removeDependentsForTask', true, () => human.tasks.removeDependentsForTask({ data: { dependents: [theirs] } }, task.gid));

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  expect(simulator.task(task.gid)?.trashedAt, 'in the trash').not.toBeNull();
  await runtime.journal.close();
});
