// What a rollback costs at Asana, counted at the simulator's own log: planning reads every task through
// the Batch API (a task and its comments are two actions, ten actions a request), and each step then
// costs its write and one read to verify it: at most three requests a step, planning included.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from '../test-support/environment.js';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await environment?.close();
});

async function start(taskCount?: number) {
  environment = await startAsanaEnvironment(taskCount === undefined ? {} : { taskCount });
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [environment.adapter], policy: [] });
  return environment.simulator;
}

const requests = () => environment.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`);

it('plans a 30-task rollback in 6 batch requests, and rolls it back at no more than 3 requests a step', async () => {
  const simulator = await start(30);
  const gids = simulator.seed.taskGids;
  expect(gids).toHaveLength(30);
  const session = await runtime.startSession({ agentId: 'cleanup-bot' });
  for (const gid of gids) await session.run('asana.task.update', { gid, completed: true });
  await session.end();

  simulator.log.clear();
  const plan = await runtime.planRollback(session.id);
  expect(plan.steps.filter((step) => step.status === 'undo')).toHaveLength(30);
  // 30 tasks and their comments: 60 actions, ten to a request (Asana's maximum).
  expect(requests()).toEqual(Array.from({ length: Math.ceil((2 * 30) / 10) }, () => 'POST /api/1.0/batch'));

  simulator.log.clear();
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 30, failed: 0, conflicts: 0 });
  const perStep = requests().length / report.steps.length;
  expect(perStep, requests().join('\n')).toBeLessThanOrEqual(3);
  expect(gids.filter((gid) => simulator.task(gid)!.completed), 'every task is open again').toEqual([]);
});

it('batched planning still sees a person’s comment inside one of twelve created tasks: that one stays, the rest go', async () => {
  const simulator = await start();
  const session = await runtime.startSession({ agentId: 'planner' });
  const created: string[] = [];
  for (let index = 0; index < 12; index += 1) {
    created.push((await session.run<{ gid: string }>('asana.task.create', { name: `Batch ${index}`, projects: [simulator.seed.projectGid] })).gid);
  }
  await session.end();
  const { human } = environment;
  const commented = created[7]!;
  const personal = await human.call<{ gid: string }>('createStoryForTask', true, () => human.stories.createStoryForTask({ data: { text: 'I need this one' } }, commented, {}));

  simulator.log.clear();
  const plan = await runtime.planRollback(session.id);
  expect(requests()).toEqual(Array.from({ length: Math.ceil((2 * 12) / 10) }, () => 'POST /api/1.0/batch'));
  const kept = plan.steps.find((step) => step.resource === `asana.task:${commented}`)!;
  expect(kept).toMatchObject({ status: 'conflict', remedy: 'none' });
  expect(kept.reason).toContain(`asana.story:${personal.gid}`);

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 11, conflicts: 1, failed: 0 });
  expect(created.filter((gid) => simulator.task(gid)!.trashedAt === null)).toEqual([commented]);
  expect(environment.inspect({ provider: 'asana', type: 'story', id: personal.gid }), 'the person’s comment is still there').toMatchObject({ text: 'I need this one' });
});
