// Reading many resources through the Batch API: lists are followed past their first page, and one
// resource Asana refuses to show is left to be read alone instead of failing the others.
import { afterEach, expect, it } from 'vitest';
import { createRuntime, ProviderError, resourceKey, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
afterEach(() => environment?.close());

it('a person’s comment on the second page of a created task’s comments still makes its deletion a conflict', async () => {
  // The rollback paces its 101 writes to Asana's rate limit; a minute passes in a second.
  const clock = scaledClock(60);
  environment = await startAsanaEnvironment({ clock });
  const { simulator, adapter, human } = environment;
  const journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [adapter], policy: [], clock });
  const session = await runtime.startSession({ agentId: 'chatty-bot' });
  const task = await session.run('asana.task.create', { name: 'Long thread', projects: [simulator.seed.projectGid] });
  // The agent's own 100 comments fill the first page; they are undone first, so they are not others' work.
  for (let index = 0; index < 100; index += 1) await session.run('asana.story.create', { task: task.gid, text: `note ${index}` });
  await session.end();
  const personal = await human.call<{ gid: string }>('createStoryForTask', true, () => human.stories.createStoryForTask({ data: { text: 'keep this task' } }, task.gid, {}));

  const plan = await runtime.planRollback(session.id);
  const creation = plan.steps.find((step) => step.action === 'asana.task.create')!;
  expect(creation).toMatchObject({ status: 'conflict', remedy: 'none' });
  expect(creation.reason).toContain(resourceKey({ provider: 'asana', type: 'story', id: personal.gid }));
  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ undone: 100, conflicts: 1, failed: 0 });
  expect(simulator.task(task.gid)!.trashedAt, 'the task stays, with the person’s comment').toBeNull();
  expect(environment.inspect({ provider: 'asana', type: 'task', id: task.gid })).toMatchObject({ comments: [{ by: simulator.seed.users.human, text: 'keep this task' }] });
  await journal.close();
}, 60_000);

it('one resource Asana will not show is left out of a batched read, to fail alone', async () => {
  environment = await startAsanaEnvironment();
  const { simulator, adapter } = environment;
  const good = { provider: 'asana', type: 'task', id: simulator.seed.taskGids[0]! };
  const refused = { provider: 'asana', type: 'task', id: 'not-a-gid' };
  const read = await adapter.readMany!([good, refused]);
  expect([...read.keys()]).toEqual([resourceKey(good)]);
  expect(read.get(resourceKey(good))).toMatchObject({ name: simulator.task(good.id)!.name });
  const alone = await adapter.read(refused).catch((error: unknown) => error);
  expect(alone).toBeInstanceOf(ProviderError);
  expect(alone).toMatchObject({ status: 400 });
});
