// Rolling back relation changes puts things back exactly: the same section and position, the same parent
// and place among its subtasks; tags and followers that were there before stay; a created task that
// others commented on is left for a person.
import { describe, expect, it } from 'vitest';
import { createRuntime, type ActionsByName, type Runtime, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { AsanaAdapter } from '../adapter.js';
import { asanaEachTest, startAsanaEnvironment, type AsanaTestEnvironment } from '../test-support/environment.js';

describe('rollback of relation changes', () => {
  let environment: AsanaTestEnvironment;
  let runtime: Runtime<ActionsByName<[AsanaAdapter]>>;
  asanaEachTest((made) => ({ environment, runtime } = made));

  async function runSession(steps: Array<[string, unknown]>): Promise<string> {
    // Any action by name, as the steps list them.
    const session: Session = await runtime.startSession({ agentId: 'organiser' });
    for (const [action, input] of steps) await session.run(action, input);
    await session.end();
    return session.id;
  }
  const sectionTasks = (gid: string) => [...environment.simulator.store.section(gid).tasks];

  it('a task moved to another section goes back to its old section at its old position', async () => {
    const { seed } = environment.simulator;
    const before = sectionTasks(seed.sections.todo);
    const moved = before[3]!;
    const sessionId = await runSession([['asana.task.project.add', { gid: moved, project: seed.projectGid, section: seed.sections.doing }]]);
    expect(sectionTasks(seed.sections.doing)).toEqual([moved]);
    const report = await runtime.rollback(sessionId);
    expect(report.byOutcome.verified).toBe(1);
    expect(sectionTasks(seed.sections.todo)).toEqual(before);
    expect(sectionTasks(seed.sections.doing)).toEqual([]);
  });

  it('a subtask moved to another parent goes back under its old parent at its old place', async () => {
    const { seed } = environment.simulator;
    const [parent, otherParent, first, second, third] = seed.taskGids;
    for (const child of [first, second, third]) await environment.human.call('setParentForTask', true, () => environment.human.tasks.setParentForTask({ data: { parent } }, child!, {}));
    expect(environment.simulator.task(parent!)!.subtasks).toEqual([first, second, third]);
    const sessionId = await runSession([['asana.task.parent.set', { gid: second, parent: otherParent }]]);
    expect(environment.simulator.task(parent!)!.subtasks).toEqual([first, third]);
    await runtime.rollback(sessionId);
    expect(environment.simulator.task(parent!)!.subtasks).toEqual([first, second, third]);
    expect(environment.simulator.task(otherParent!)!.subtasks).toEqual([]);
  });

  it('a tag and a follower that were there before the agent added them again stay after rollback', async () => {
    const { seed } = environment.simulator;
    const task = seed.taskGids[0]!;
    await environment.human.call('addTagForTask', true, () => environment.human.tasks.addTagForTask({ data: { tag: seed.tags.urgent } }, task));
    const sessionId = await runSession([
      ['asana.task.tag.add', { gid: task, tag: seed.tags.urgent }],
      ['asana.task.tag.add', { gid: task, tag: seed.tags.blocked }],
      ['asana.task.follower.add', { gid: task, followers: [seed.users.teammate, seed.users.human] }],
    ]);
    const plan = await runtime.planRollback(sessionId);
    expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo', 'already-undone']);
    await runtime.rollback(sessionId);
    const after = environment.simulator.task(task)!;
    expect(after.tags).toEqual([seed.tags.urgent]);
    expect(after.followers).toEqual([seed.users.teammate]);
  });

  it('a task the agent created and someone then set a custom field on is a conflict too', async () => {
    const { seed } = environment.simulator;
    const session = await runtime.startSession({ agentId: 'organiser' });
    const created = await session.run('asana.task.create', { name: 'Agent idea', projects: [seed.projectGid] });
    await session.end();
    await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { custom_fields: { [seed.customFields.priority.gid]: seed.customFields.priority.options.high } } }, created.gid, {}));
    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'none' });
    expect(plan.steps[0]!.reason).toContain(`custom_field:${seed.customFields.priority.gid}`);
    await runtime.rollback(session.id);
    expect(environment.simulator.task(created.gid)!.trashedAt).toBeNull();
  });

  it('a task the agent created and someone then commented on is a conflict: left in place, not deleted', async () => {
    const { seed } = environment.simulator;
    const session = await runtime.startSession({ agentId: 'organiser' });
    const created = await session.run('asana.task.create', { name: 'Agent idea', projects: [seed.projectGid] });
    const subtask = await session.run('asana.subtask.create', { parent: seed.taskGids[0]!, name: 'Agent sub-idea' });
    const comment = await session.run('asana.story.create', { task: seed.taskGids[1]!, text: 'Agent thinks this is done' });
    await session.end();
    await environment.human.call('createStoryForTask', true, () => environment.human.stories.createStoryForTask({ data: { text: 'Actually, good idea' } }, created.gid, {}));

    const plan = await runtime.planRollback(session.id);
    expect(Object.fromEntries(plan.steps.map((step) => [step.action, step.status]))).toEqual({ 'asana.task.create': 'conflict', 'asana.subtask.create': 'undo', 'asana.story.create': 'undo' });
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 1, failed: 0 });
    expect(environment.simulator.task(created.gid)!.trashedAt, 'the commented task stays').toBeNull();
    expect(environment.simulator.task(subtask.gid)!.trashedAt, 'the untouched subtask went to the trash').not.toBeNull();
    expect(environment.simulator.store.state.stories.find((story) => story.gid === comment.gid), 'the agent’s comment is deleted').toBeUndefined();
    expect(report.residue.join('\n')).toContain('sits in Asana\'s trash');
  });
});

describe('rollback of a task the agent created and then commented on itself', () => {
  it('deletes the comment and the task: the agent’s own comment is not someone else building on it', async () => {
    const environment = await startAsanaEnvironment();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [] });
      const session = await runtime.startSession({ agentId: 'organiser' });
      const task = await session.run('asana.task.create', { name: 'Agent plan', projects: [environment.simulator.seed.projectGid] });
      await session.run('asana.story.create', { task: task.gid, text: 'Plan drafted by the agent' });
      await session.run('asana.task.update', { gid: task.gid, notes: 'Refined by the agent' });
      await session.end();
      const plan = await runtime.planRollback(session.id);
      expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo', 'undo']);
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 3, failed: 0 });
      expect(environment.simulator.task(task.gid)!.trashedAt).not.toBeNull();
    } finally {
      await journal.close();
      await environment.close();
    }
  });
});

describe('rollback of a due time', () => {
  async function withDueTime(run: (environment: AsanaTestEnvironment, runtime: Runtime, gid: string) => Promise<void>) {
    const environment = await startAsanaEnvironment();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [] });
      const gid = environment.simulator.seed.taskGids[0]!;
      await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { due_at: '2026-12-24T16:30:00Z' } }, gid, {}));
      await run(environment, runtime, gid);
    } finally {
      await journal.close();
      await environment.close();
    }
  }

  it('a due date the agent set over a due time goes back to the time, to the minute', async () => {
    await withDueTime(async (environment, runtime, gid) => {
      const session = await runtime.startSession({ agentId: 'scheduler' });
      await session.run('asana.task.update', { gid, due_on: '2026-12-31' });
      await session.end();
      expect(environment.simulator.task(gid)).toMatchObject({ dueOn: '2026-12-31', dueAt: null });
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
      expect(environment.simulator.task(gid)).toMatchObject({ dueOn: '2026-12-24', dueAt: '2026-12-24T16:30:00.000Z' });
    });
  });

  it('a due date a person changed after the agent is kept whole, time and all', async () => {
    await withDueTime(async (environment, runtime, gid) => {
      const session = await runtime.startSession({ agentId: 'scheduler' });
      await session.run('asana.task.update', { gid, due_on: '2026-12-31', name: 'Rescheduled by the agent' });
      await session.end();
      await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { due_at: '2027-01-05T10:00:00Z' } }, gid, {}));
      const plan = await runtime.planRollback(session.id);
      expect(plan.steps[0]).toMatchObject({ status: 'partial', restoreFields: ['name'] });
      await runtime.rollback(session.id);
      expect(environment.simulator.task(gid)).toMatchObject({ name: 'Launch checklist item 1', dueOn: '2027-01-05', dueAt: '2027-01-05T10:00:00.000Z' });
    });
  });

  it('clears the due time and the due date Asana derived from it, keeping the date that was there', async () => {
    const environment = await startAsanaEnvironment();
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [] });
      const gid = environment.simulator.seed.taskGids[0]!;
      await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { due_on: '2026-12-24' } }, gid, {}));
      const session = await runtime.startSession({ agentId: 'scheduler' });
      await session.run('asana.task.update', { gid, due_at: '2026-12-01T09:00:00Z' });
      await session.end();
      expect(environment.simulator.task(gid)).toMatchObject({ dueOn: '2026-12-01', dueAt: '2026-12-01T09:00:00.000Z' });
      await runtime.rollback(session.id);
      expect(environment.simulator.task(gid)).toMatchObject({ dueOn: '2026-12-24', dueAt: null });
    } finally {
      await journal.close();
      await environment.close();
    }
  });
});
