// A person who tags the task the agent created has triaged it, as a person who assigns it or comments
// on it: the rollback keeps the task and names it, rather than deleting it with the person's tag. The
// agent's own later tag, taken off first by the same rollback, is no one else's. Read back through the
// simulator's records and a person's Asana SDK client.
import { afterEach, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

async function agentCreatesTask() {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const task = (await session.run('asana.task.create', { name: 'Checkout times out', projects: [simulator.seed.projectGid] })) as { gid: string };
  return { ...environment, runtime, session, task };
}

it("keeps the agent's task a person tagged since, named as a conflict", async () => {
  const { simulator, human, runtime, session, task } = await agentCreatesTask();
  await session.end();
  await human.call('addTagForTask', true, () => human.tasks.addTagForTask({ data: { tag: simulator.seed.tags.blocked } }, task.gid));

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.create', 'conflict']]);
  expect(report.residue.join('\n')).toContain(`tag:${simulator.seed.tags.blocked}`);
  expect(environment.inspect({ provider: 'asana', type: 'task', id: task.gid }), 'the task is still there, with the person’s tag').toMatchObject({ tags: [simulator.seed.tags.blocked] });
  await runtime.journal.close();
});

it("deletes the agent's task whose only tag is the agent's own, taken off first", async () => {
  const { simulator, runtime, session, task, inspect } = await agentCreatesTask();
  await session.run('asana.task.tag.add', { gid: task.gid, tag: simulator.seed.tags.urgent });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  expect(inspect({ provider: 'asana', type: 'task', id: task.gid }), 'the task is in the trash').toBeNull();
  await runtime.journal.close();
});
