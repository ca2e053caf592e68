// Agent A created a task; a person filed a subtask under it; agent B (a later session) moved that
// subtask out. Rolled back older first, A's rollback must not delete A's task: undoing B's move puts the
// person's subtask back under it, and with the task gone that undo fails (Asana answers 404), leaving the
// person's subtask where the agent put it. A keeps its task, naming B's move; B's rollback puts the
// subtask back, and then finishes what A's rollback kept, which the person's subtask inside keeps still.
// Read back from the simulator's records.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await environment?.close();
});

async function setUp(subtaskBy: 'person' | 'agent A') {
  environment = await startAsanaEnvironment();
  const { simulator, human, adapter } = environment;
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [] });
  const a = await runtime.startSession({ agentId: 'planner' });
  const task = (await a.run('asana.task.create', { name: 'Offsite', workspace: simulator.seed.workspaceGid })) as { gid: string };
  const subtask =
    subtaskBy === 'person'
      ? (await human.call<{ gid: string }>('createSubtaskForTask', true, () => human.tasks.createSubtaskForTask({ data: { name: 'Book the room' } }, task.gid, {}))).gid
      : ((await a.run('asana.subtask.create', { parent: task.gid, name: 'Book the room' })) as { gid: string }).gid;
  await a.end();
  const b = await runtime.startSession({ agentId: 'tidier' });
  await b.run('asana.task.parent.set', { gid: subtask, parent: null });
  await b.end();
  return { a, b, task: task.gid, subtask };
}

it("a person's subtask a later session moved out keeps the older agent's task, rolled back older first", async () => {
  const { a, b, task, subtask } = await setUp('person');
  const { simulator } = environment;

  const first = await runtime.rollback(a.id);
  expect(simulator.task(task)!.trashedAt, "A's rollback deleted the task B's undo puts the person's subtask back into").toBeNull();
  expect(first.steps.find((step) => step.action === 'asana.task.create')!.reason).toContain(`session ${b.id}`);

  const second = await runtime.rollback(b.id);
  expect(second.counts.failed).toBe(0);
  expect(simulator.task(subtask)!.parent, "the person's subtask is back under the task").toBe(task);
  expect(simulator.task(task)!.trashedAt, "the task holding the person's subtask stays").toBeNull();
  expect(second.sessions).toEqual([b.id, a.id]);
  expect(second.steps.find((step) => step.action === 'asana.task.create')!.outcome).toBe('conflict');
});

it("the older agent's own subtask moved out: rolled back older first, then the later session, both are deleted", async () => {
  const { a, b, task, subtask } = await setUp('agent A');
  const { simulator } = environment;

  await runtime.rollback(a.id);
  expect(simulator.task(task)!.trashedAt).toBeNull();
  const second = await runtime.rollback(b.id);
  expect(second.counts.failed + second.counts.conflicts).toBe(0);
  expect(simulator.task(subtask)!.trashedAt, "A's subtask").not.toBeNull();
  expect(simulator.task(task)!.trashedAt, "A's task").not.toBeNull();
});

it('once the later session kept its move (the person moved the subtask on since), its rollback deletes the older agent’s empty task', async () => {
  const { a, b, task, subtask } = await setUp('person');
  const { simulator, human } = environment;
  await runtime.rollback(a.id);
  expect(simulator.task(task)!.trashedAt).toBeNull();
  // The person files their subtask under one of their own tasks: the later session's move is theirs to keep now.
  const own = simulator.seed.taskGids[0]!;
  await human.call('setParentForTask', true, () => human.tasks.setParentForTask({ data: { parent: own } }, subtask, {}));

  const second = await runtime.rollback(b.id);
  expect(second.steps.find((step) => step.action === 'asana.task.parent.set')!.outcome).toBe('conflict');
  expect(simulator.task(subtask)!.parent, "the person's choice stands").toBe(own);
  expect(simulator.task(task)!.trashedAt, "A's task, empty and needed by no undo, is deleted").not.toBeNull();
  expect(second.steps.find((step) => step.action === 'asana.task.create')).toMatchObject({ sessionId: a.id, outcome: 'verified' });
});
