// The agent adds a person's task to a project; a person then triages it there, setting one of that
// project's custom fields (its Priority). Taking the task back out of the project would take their value
// with it (a project's custom fields belong to its tasks only while they are in it): the rollback keeps
// the task in the project, a conflict that names the field. Untouched, or changed there only by the
// agent's own session, it is taken out as before. Read back through the simulator's records.
import { describe, expect, it } from 'vitest';
import { type Runtime } from '@backspace/core';
import { asanaEachTest, type AsanaTestEnvironment } from './test-support/environment.js';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
asanaEachTest((made) => ({ environment, runtime } = made));

/** A person's task in Roadmap (a project without custom fields), which the agent adds to Launch. */
async function agentAddsToLaunch() {
  const { simulator, human } = environment;
  const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Pick a venue', projects: [simulator.seed.otherProjectGid] } }, {}));
  const session = await runtime.startSession({ agentId: 'organiser' });
  await session.run('asana.task.project.add', { gid: task.gid, project: simulator.seed.projectGid });
  await session.end();
  return { gid: task.gid as string, sessionId: session.id };
}

describe('a task the agent added to a project, triaged there by a person', () => {
  it('stays in the project with the priority the person set', async () => {
    const { simulator, human } = environment;
    const { priority } = simulator.seed.customFields;
    const { gid, sessionId } = await agentAddsToLaunch();
    await human.call('updateTask', true, () => human.tasks.updateTask({ data: { custom_fields: { [priority.gid]: priority.options.high } } }, gid, {}));

    const report = await runtime.rollback(sessionId);
    expect(simulator.task(gid)!.projects.sort(), 'the task was taken out of Launch, and the person’s priority with it').toEqual([simulator.seed.projectGid, simulator.seed.otherProjectGid].sort());
    expect(simulator.task(gid)!.customValues[priority.gid]).toBe(priority.options.high);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.project.add', 'conflict']]);
    expect(report.residue.join('\n'), 'the operator is told which field kept it').toContain(`custom_field:${priority.gid}`);
  });

  it('a priority the agent set there itself is undone first, then the task taken out', async () => {
    const { simulator, human } = environment;
    const { priority } = simulator.seed.customFields;
    const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Book a caterer', projects: [simulator.seed.otherProjectGid] } }, {}));
    const session = await runtime.startSession({ agentId: 'organiser' });
    await session.run('asana.task.project.add', { gid: task.gid, project: simulator.seed.projectGid });
    await session.run('asana.task.update', { gid: task.gid, custom_fields: { [priority.gid]: priority.options.high } });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.update', 'verified'], ['asana.task.project.add', 'verified']]);
    expect(simulator.task(task.gid)!.projects).toEqual([simulator.seed.otherProjectGid]);
  });

  it('untouched, it is taken out of the project again', async () => {
    const { simulator } = environment;
    const { gid, sessionId } = await agentAddsToLaunch();
    const report = await runtime.rollback(sessionId);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.project.add', 'verified']]);
    expect(simulator.task(gid)!.projects).toEqual([simulator.seed.otherProjectGid]);
  });
});
