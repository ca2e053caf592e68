// A person who sets a field to the very value the agent left (reopens the task the agent completed and
// completes it again, moves it away from the agent's section and back) made that choice: the rollback
// keeps it, told from the agent by the task's stories, and still undoes what the agent changed that
// nobody touched. Read back from the simulator's own records; the person writes with the official SDK.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { asanaEachTest, type AsanaTestEnvironment } from '../test-support/environment.js';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
asanaEachTest((made) => ({ environment, runtime } = made));

const taskGid = () => environment.simulator.seed.taskGids[0]!;
const task = () => environment.simulator.task(taskGid())!;
const updateByPerson = (data: Record<string, unknown>) => environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data }, taskGid(), {}));
const storyReads = () => environment.simulator.log.entries().filter((entry) => entry.method === 'GET' && /\/tasks\/\d+\/stories$/.test(entry.path));

async function agentSession(run: (session: Awaited<ReturnType<Runtime['startSession']>>) => Promise<unknown>) {
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await run(session);
  await session.end();
  return session;
}

describe("asana: a person's choice of the agent's own value", () => {
  it('keeps the task complete when a person reopened and completed it again, and restores the name nobody touched', async () => {
    const before = task().name;
    const session = await agentSession((agent) => agent.run('asana.task.update', { gid: taskGid(), completed: true, name: 'Duplicate, closing' }));
    await updateByPerson({ completed: false });
    await updateByPerson({ completed: true });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'partial', restoreFields: ['name'], reason: expect.stringContaining(`completed (set again by ${environment.simulator.seed.users.human})`) });
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(task()).toMatchObject({ completed: true, completedBy: environment.simulator.seed.users.human, name: before });
  });

  it("keeps the agent's section when a person moved the task away and back, and keeps a priority a person set again", async () => {
    const { seed } = environment.simulator;
    const high = seed.customFields.priority.options.high;
    const session = await agentSession(async (agent) => {
      await agent.run('asana.task.project.add', { gid: taskGid(), project: seed.projectGid, section: seed.sections.doing });
      await agent.run('asana.task.update', { gid: taskGid(), custom_fields: { [seed.customFields.priority.gid]: high } });
    });
    const moveByPerson = (section: string) => environment.human.call('addProjectForTask', true, () => environment.human.tasks.addProjectForTask({ data: { project: seed.projectGid, section } }, taskGid()));
    await moveByPerson(seed.sections.done);
    await moveByPerson(seed.sections.doing);
    await updateByPerson({ custom_fields: { [seed.customFields.priority.gid]: seed.customFields.priority.options.low } });
    await updateByPerson({ custom_fields: { [seed.customFields.priority.gid]: high } });

    const report = await runtime.rollback(session.id);

    expect(report.counts.conflicts).toBe(2);
    const state = environment.simulator.inspect();
    expect(state.sections.find((section) => section.gid === seed.sections.doing)!.tasks).toContain(taskGid());
    expect(task().customValues[seed.customFields.priority.gid]).toBe(high);
  });

  it('reads no stories for a task nobody touched since the agent, and undoes it all in the same two requests', async () => {
    const before = { name: task().name, completed: task().completed };
    const session = await agentSession((agent) => agent.run('asana.task.update', { gid: taskGid(), completed: true, name: 'Duplicate, closing' }));

    environment.simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
    expect(storyReads()).toEqual([]);
    expect(environment.simulator.log.entries()).toHaveLength(2);
    expect(task()).toMatchObject(before);
  });

  it("keeps the tag a person removed and added back after the agent's tag, the task's only write of the session", async () => {
    const { urgent } = environment.simulator.seed.tags;
    expect(task().tags).not.toContain(urgent);
    const session = await agentSession((agent) => agent.run('asana.task.tag.add', { gid: taskGid(), tag: urgent }));
    await environment.human.call('removeTagForTask', true, () => environment.human.tasks.removeTagForTask({ data: { tag: urgent } }, taskGid()));
    await environment.human.call('addTagForTask', true, () => environment.human.tasks.addTagForTask({ data: { tag: urgent } }, taskGid()));

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', reason: expect.stringContaining(`set again by ${environment.simulator.seed.users.human}`) });
    expect(task().tags).toContain(urgent);
  });

  it('reads no stories for a tag nobody touched since the agent, and removes it in the same three requests', async () => {
    const { urgent } = environment.simulator.seed.tags;
    const session = await agentSession((agent) => agent.run('asana.task.tag.add', { gid: taskGid(), tag: urgent }));

    environment.simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
    expect(storyReads()).toEqual([]);
    // The plan's read, the removal (answered with an empty object) and the read that verifies it.
    expect(environment.simulator.log.entries()).toHaveLength(3);
    expect(task().tags).not.toContain(urgent);
  });

  it('keeps the field when the stories cannot be read, as a conflict the operator sees, never a silent revert', async () => {
    const session = await agentSession((agent) => agent.run('asana.task.update', { gid: taskGid(), completed: true }));
    await updateByPerson({ completed: false });
    await updateByPerson({ completed: true });
    environment.simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:task_gid/stories', kind: 'server-error', status: 503, times: 20 });

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'conflict', reason: expect.stringContaining('its history could not be read') });
    expect(task().completed).toBe(true);
  });
});
