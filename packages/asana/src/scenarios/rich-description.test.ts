// A task's description with formatting: a person writes it as `html_notes` (links, bold, mentions), and
// `notes` is its plain text. An agent that replaces the description writes `notes`, which drops the
// formatting; its rollback must bring back the description the person wrote, formatting and all, not
// only its plain text. A description a person edits after the agent stays theirs. Read back through the
// person's own SDK client.
import { describe, expect, it } from 'vitest';
import { scaledClock, type Runtime } from '@backspace/core';
import { asanaEachTest, type AsanaTestEnvironment } from '../test-support/environment.js';

const RICH = '<body>Read <a href="https://example.com/spec">the spec</a> first, then <strong>sign off</strong>.</body>';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
asanaEachTest((made) => ({ environment, runtime } = made), { clock: () => scaledClock(100) });

const taskGid = () => environment.simulator.seed.taskGids[6]!;
/** The description as the person sees it in Asana. */
const description = async () => {
  const { human } = environment;
  const task = await human.call('getTask', false, () => human.tasks.getTask(taskGid(), { opt_fields: 'notes,html_notes' }));
  return { notes: task.notes, html_notes: task.html_notes };
};
const personWrites = (data: Record<string, unknown>) => environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data }, taskGid(), {}));

describe('rolling back an agent that replaced a formatted description', () => {
  it('brings back the person’s formatting, not only its plain text', async () => {
    await personWrites({ html_notes: RICH });
    const before = await description();
    expect(before, 'Asana keeps the formatting and derives the plain text').toEqual({ notes: 'Read the spec first, then sign off.', html_notes: RICH });

    const session = await runtime.startSession({ agentId: 'summariser' });
    await session.run('asana.task.update', { gid: taskGid(), notes: 'Summary: spec review pending.' });
    await session.end();
    expect((await description()).html_notes).toBe('<body>Summary: spec review pending.</body>');

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome]), JSON.stringify(report.steps)).toEqual([['asana.task.update', 'verified']]);
    expect(await description(), 'the link and the bold text the person wrote are gone').toEqual(before);
  });

  it('brings back the formatting an agent dropped by writing the same plain text', async () => {
    await personWrites({ html_notes: RICH });
    const before = await description();
    const session = await runtime.startSession({ agentId: 'summariser' });
    await session.run('asana.task.update', { gid: taskGid(), notes: before.notes });
    await session.end();
    expect((await description()).html_notes).not.toBe(RICH);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome]), JSON.stringify(report.steps)).toEqual([['asana.task.update', 'verified']]);
    expect(await description()).toEqual(before);
  });

  it('keeps a description the person edited after the agent, formatting and all', async () => {
    await personWrites({ html_notes: RICH });
    const session = await runtime.startSession({ agentId: 'summariser' });
    await session.run('asana.task.update', { gid: taskGid(), name: 'Spec review', notes: 'Summary: spec review pending.' });
    await session.end();
    const edited = '<body>Summary: <em>approved</em> by legal.</body>';
    await personWrites({ html_notes: edited });

    await runtime.rollback(session.id);
    expect(await description()).toEqual({ notes: 'Summary: approved by legal.', html_notes: edited });
  });

  it('a lost answer, the description edited by the person since: theirs stays', async () => {
    await personWrites({ html_notes: RICH });
    const session = await runtime.startSession({ agentId: 'summariser' });
    const { simulator } = environment;
    // The update lands, its answer is lost, and the task cannot be read until the person has edited it.
    simulator.faults.inject({ method: 'PUT', path: '/api/1.0/tasks/:gid', kind: 'drop-after-commit', times: 20, when: () => !simulator.faults.fired().length });
    simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:gid', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('asana.task.update', { gid: taskGid(), name: 'Spec review', notes: 'Summary: spec review pending.' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    const edited = '<body>Summary: <em>approved</em> by legal.</body>';
    await personWrites({ html_notes: edited });
    await session.end();

    await runtime.rollback(session.id);
    expect(await description()).toEqual({ notes: 'Summary: approved by legal.', html_notes: edited });
    expect(simulator.task(taskGid())!.name, 'the agent’s rename is undone').not.toBe('Spec review');
  });
});
