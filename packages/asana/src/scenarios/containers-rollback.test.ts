// Deleting a task takes everything inside it along (Asana trashes its subtasks, its comments go with it).
// A task the agent created is deleted by a rollback only while nothing sits inside it that someone else
// put there (a person, or another agent session on the same token) and while it is in no project others
// added it to; the agent's own later subtasks and comments in the same session are removed first.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { asanaEachTest, type AsanaTestEnvironment } from '../test-support/environment.js';

describe('rolling back a task the agent created, with things inside it', () => {
  let environment: AsanaTestEnvironment;
  let runtime: Runtime;
  asanaEachTest((made) => ({ environment, runtime } = made));

  const trashed = (gid: string) => environment.simulator.task(gid)!.trashedAt !== null;
  const comment = (gid: string) => environment.simulator.store.state.stories.find((story) => story.gid === gid);

  async function agentCreatesTask(name: string) {
    const session = await runtime.startSession({ agentId: 'planner' });
    const task = await session.run<{ gid: string }>('asana.task.create', { name, projects: [environment.simulator.seed.projectGid] });
    return { session, task };
  }

  it('a person’s subtask under the agent’s task makes its deletion a conflict: both stay', async () => {
    const { session, task } = await agentCreatesTask('Plan the offsite');
    await session.end();
    const { human } = environment;
    const personal = await human.call<{ gid: string }>('createSubtaskForTask', true, () => human.tasks.createSubtaskForTask({ data: { name: 'Book the train' } }, task.gid, {}));

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ action: 'asana.task.create', status: 'conflict', remedy: 'none' });
    expect(plan.steps[0]!.reason).toContain(`asana.task:${personal.gid} by someone outside Backspace`);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ conflict: 1, verified: 0, failed: 0 });
    expect(trashed(task.gid), 'the agent’s task stays: deleting it would trash the person’s subtask').toBe(false);
    expect(trashed(personal.gid)).toBe(false);
    expect(environment.simulator.task(task.gid)!.subtasks).toEqual([personal.gid]);
  });

  it('an agent task a person also added to another project stays, in both projects', async () => {
    const { seed } = environment.simulator;
    const { session, task } = await agentCreatesTask('Draft the roadmap entry');
    await session.end();
    const { human } = environment;
    await human.call('addProjectForTask', true, () => human.tasks.addProjectForTask({ data: { project: seed.otherProjectGid } }, task.gid));

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict' });
    expect(plan.steps[0]!.reason).toContain('memberships');
    await runtime.rollback(session.id);
    expect(trashed(task.gid)).toBe(false);
    expect(environment.simulator.task(task.gid)!.projects.sort()).toEqual([seed.projectGid, seed.otherProjectGid].sort());
  });

  it('the agent’s own subtask, comment and second project in the same session are undone first, then the task', async () => {
    const { seed } = environment.simulator;
    const { session, task } = await agentCreatesTask('Agent plan');
    const subtask = await session.run<{ gid: string }>('asana.subtask.create', { parent: task.gid, name: 'Agent step' });
    const note = await session.run<{ gid: string }>('asana.story.create', { task: task.gid, text: 'Drafted by the agent' });
    await session.run('asana.task.project.add', { gid: task.gid, project: seed.otherProjectGid });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo', 'undo', 'undo']);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 4, conflict: 0, failed: 0 });
    expect(trashed(task.gid)).toBe(true);
    expect(trashed(subtask.gid)).toBe(true);
    expect(comment(note.gid)).toBeUndefined();
  });

  it('another session on the same token built inside it: rolling back the first keeps that work and names the session', async () => {
    const { session: first, task } = await agentCreatesTask('Shared plan');
    const ownSubtask = await first.run<{ gid: string }>('asana.subtask.create', { parent: task.gid, name: 'First session step' });
    const ownComment = await first.run<{ gid: string }>('asana.story.create', { task: task.gid, text: 'First session note' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'planner' });
    const otherSubtask = await second.run<{ gid: string }>('asana.subtask.create', { parent: task.gid, name: 'Second session step' });
    const otherComment = await second.run<{ gid: string }>('asana.story.create', { task: task.gid, text: 'Second session note' });
    await second.end();

    const plan = await runtime.planRollback(first.id);
    const createStep = plan.steps.find((step) => step.action === 'asana.task.create')!;
    expect(createStep.status).toBe('conflict');
    expect(createStep.reason).toContain(`asana.task:${otherSubtask.gid} by session ${second.id}`);
    expect(createStep.reason).toContain(`asana.story:${otherComment.gid} by session ${second.id}`);
    const report = await runtime.rollback(first.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 1, failed: 0 });
    expect(trashed(ownSubtask.gid), 'the first session’s own subtask is undone').toBe(true);
    expect(comment(ownComment.gid), 'and its own comment').toBeUndefined();
    expect(trashed(task.gid), 'the task holding the second session’s work stays').toBe(false);
    expect(trashed(otherSubtask.gid)).toBe(false);
    expect(comment(otherComment.gid)?.text).toBe('Second session note');

    // Once the second session is rolled back too, nothing of anyone else is inside: its rollback finishes
    // what the first one had to keep, and the task goes; rolling the first back again finds nothing left.
    const secondReport = await runtime.rollback(second.id);
    expect(secondReport.steps.find((step) => step.sessionId === first.id && step.action === 'asana.task.create')?.outcome).toBe('verified');
    expect(trashed(task.gid)).toBe(true);
    const again = await runtime.rollback(first.id);
    expect(again.byOutcome).toMatchObject({ verified: 0, conflict: 0 });
    expect(trashed(task.gid)).toBe(true);
  });

  it('a subtask the agent created stays while a person’s subtask sits under it', async () => {
    const { seed } = environment.simulator;
    const session = await runtime.startSession({ agentId: 'planner' });
    const agentSubtask = await session.run<{ gid: string }>('asana.subtask.create', { parent: seed.taskGids[0], name: 'Agent step' });
    await session.end();
    const { human } = environment;
    const nested = await human.call<{ gid: string }>('createSubtaskForTask', true, () => human.tasks.createSubtaskForTask({ data: { name: 'Person’s detail' } }, agentSubtask.gid, {}));
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ conflict: 1, verified: 0 });
    expect(trashed(agentSubtask.gid)).toBe(false);
    expect(trashed(nested.gid)).toBe(false);
  });
});
