// A selective rollback that names only the agent's parent task: deleting it would trash what sits inside
// it, so the agent's own subtasks under it (made by asana.task.create with `parent`, or moved under it by
// asana.task.parent.set) come along, pulled in and named; a person's subtask there keeps the task (a
// conflict naming the person's work, not the agent's) and is never trashed. Read back from the simulator.
import { describe, expect, it } from 'vitest';
import { type Runtime, type Session } from '@backspace/core';
import { asanaEachTest, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a selection naming only the agent’s parent task', () => {
  let environment: AsanaTestEnvironment;
  let runtime: Runtime;
  asanaEachTest((made) => ({ environment, runtime } = made));

  const trashed = (gid: string) => environment.simulator.task(gid)!.trashedAt !== null;
  const subtasksOf = (gid: string) => [...environment.simulator.task(gid)!.subtasks];

  /** The agent makes a task in the project, then a subtask under it through asana.task.create's `parent`. */
  async function agentMakesParentAndSubtask() {
    const session: Session = await runtime.startSession({ agentId: 'planner' });
    const parent = await session.run<{ gid: string }>('asana.task.create', { name: 'Plan the offsite', projects: [environment.simulator.seed.projectGid] });
    const parentAction = (await lastCommitted(session.id))!;
    const child = await session.run<{ gid: string }>('asana.task.create', { name: 'Book the venue', parent: parent.gid });
    return { session, parent, parentAction, child };
  }

  async function lastCommitted(sessionId: string) {
    return (await runtime.journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'action.committed').at(-1)?.actionId;
  }

  it('brings along the subtask the agent created under it, and deletes both', async () => {
    const { session, parent, parentAction, child } = await agentMakesParentAndSubtask();
    await session.end();

    const plan = await runtime.planRollback(session.id, { select: { actions: [parentAction] } });
    expect(plan.steps.map((step) => [step.action, step.resource, step.status])).toEqual([
      ['asana.task.create', `asana.task:${child.gid}`, 'undo'],
      ['asana.task.create', `asana.task:${parent.gid}`, 'undo'],
    ]);
    expect(plan.steps[0]!.pulledIn).toMatch(new RegExp(`sits on asana\\.task:${parent.gid}, which asana\\.task\\.create`));
    expect(plan.leftOut).toEqual([]);

    const report = await runtime.rollback(session.id, { select: { actions: [parentAction] } });
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect([trashed(parent.gid), trashed(child.gid)]).toEqual([true, true]);
  });

  it('with a person’s subtask beside the agent’s: undoes the agent’s, keeps the task and the person’s, and names only theirs', async () => {
    const { session, parent, parentAction, child } = await agentMakesParentAndSubtask();
    await session.end();
    const { human } = environment;
    const personal = await human.call<{ gid: string }>('createSubtaskForTask', true, () => human.tasks.createSubtaskForTask({ data: { name: 'Ask about the budget' } }, parent.gid, {}));

    const plan = await runtime.planRollback(session.id, { select: { actions: [parentAction] } });
    const parentStep = plan.steps.find((step) => step.resource === `asana.task:${parent.gid}`)!;
    expect(parentStep).toMatchObject({ status: 'conflict', remedy: 'none' });
    expect(parentStep.reason).toContain(`asana.task:${personal.gid} by someone outside Backspace`);
    // The agent's own subtask is not someone else's work, and not something this rollback cannot undo.
    expect(parentStep.reason).not.toContain(child.gid);
    expect(plan.steps.find((step) => step.resource === `asana.task:${child.gid}`)).toMatchObject({ status: 'undo', pulledIn: expect.stringContaining(parent.gid) });

    const report = await runtime.rollback(session.id, { select: { actions: [parentAction] } });
    expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 1, failed: 0 });
    expect(trashed(child.gid), 'the agent’s subtask is undone').toBe(true);
    expect(trashed(parent.gid), 'the task holding the person’s subtask stays').toBe(false);
    expect(trashed(personal.gid)).toBe(false);
    expect(subtasksOf(parent.gid)).toEqual([personal.gid]);
  });

  it('brings along the move of a task the agent put under it, and puts that task back where it was', async () => {
    const { seed } = environment.simulator;
    const [formerParent, moved] = seed.taskGids;
    await environment.human.call('setParentForTask', true, () => environment.human.tasks.setParentForTask({ data: { parent: formerParent } }, moved!, {}));
    const session: Session = await runtime.startSession({ agentId: 'planner' });
    const parent = await session.run<{ gid: string }>('asana.task.create', { name: 'Offsite logistics', projects: [seed.projectGid] });
    const parentAction = (await lastCommitted(session.id))!;
    await session.run('asana.task.parent.set', { gid: moved, parent: parent.gid });
    await session.end();

    const plan = await runtime.planRollback(session.id, { select: { actions: [parentAction] } });
    expect(plan.steps.map((step) => [step.action, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
      ['asana.task.parent.set', 'pulled in'],
      ['asana.task.create', 'chosen'],
    ]);
    const report = await runtime.rollback(session.id, { select: { actions: [parentAction] } });
    expect(environment.simulator.task(moved!)!.parent).toBe(formerParent);
    expect(trashed(moved!), 'the moved task is never trashed with the agent’s task').toBe(false);
    // The move's undo takes the task out of the agent's task first: it holds nothing of anyone's, and goes.
    const parentStep = report.steps.find((step) => step.action === 'asana.task.create')!;
    expect(parentStep.outcome, parentStep.reason).toBe('verified');
    expect(trashed(parent.gid)).toBe(true);
  });
});
