// A task created with a personal token (no key it can carry) whose answer was lost is settled only when
// the rollback is planned, by listing where it went. Another agent on the same token found the task
// meanwhile and took it out of that list (out of its project, or from under its parent), and both
// sessions are rolled back as one incident: the undo of that move puts the task back, so the create's
// lookup must find it through the other session's journaled write, or the agent's task is left in place
// with the report saying nothing. Every check reads the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { AsanaSimulator } from './simulator/create-simulator.js';
import type { AsanaSeed } from './simulator/seed.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a lost create whose task another session moved out of the list its lookup reads', () => {
  let environment: AsanaTestEnvironment;
  let closeJournal: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeJournal?.();
    closeJournal = undefined;
    await environment?.close();
  });

  /** The agent's create lands with its answer lost, every read after it failing: its outcome stays unknown. */
  async function lostCreate(action: 'asana.task.create' | 'asana.subtask.create', inputFor: (seed: AsanaSeed) => { name: string } & Record<string, unknown>): Promise<{ simulator: AsanaSimulator; runtime: Runtime; agentSession: string; made: string }> {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const { simulator } = environment;
    const input = inputFor(simulator.seed);
    const journal = createSqliteJournal({ path: ':memory:' });
    closeJournal = () => journal.close();
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    const agent = await runtime.startSession({ agentId: 'planner' });
    simulator.faults.inject({ method: 'POST', path: action === 'asana.task.create' ? '/api/1.0/tasks' : '/api/1.0/tasks/:task_gid/subtasks', kind: 'drop-after-commit', times: 20 });
    simulator.faults.inject({ method: 'GET', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    await expect(agent.run(action, input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await agent.end();
    const made = simulator.store.state.tasks.filter((task) => task.name === input.name);
    expect(made, 'the lost create landed once').toHaveLength(1);
    return { simulator, runtime, agentSession: agent.id, made: made[0]!.gid };
  }

  it('a task another session took out of its project: rolled back as one incident, it is named as left, never passed over in silence', async () => {
    const { simulator, runtime, agentSession, made } = await lostCreate('asana.task.create', (seed) => ({ name: 'Order badges', projects: [seed.projectGid] }));
    const tidier = await runtime.startSession({ agentId: 'tidier' });
    await tidier.run('asana.task.project.remove', { gid: made, project: simulator.seed.projectGid });
    await tidier.end();

    const report = await runtime.rollbackIncident({ sessions: [agentSession, tidier.id] });

    // Found again, the task cannot say which section the create put it in (the move took it out of the
    // project), so the undo of the move putting it back reads as someone's change: it is left, and named.
    expect(simulator.task(made)!.projects, 'the undo of the move puts the task back in its project').toEqual([simulator.seed.projectGid]);
    expect(report.steps.map((step) => [step.action, step.outcome]).sort()).toEqual([['asana.task.create', 'conflict'], ['asana.task.project.remove', 'verified']]);
    expect(report.residue.join('\n'), 'the agent’s task was left in its project, the report saying nothing of it').toContain(`asana.task.create on asana.task:${made}`);
  });

  it('a subtask another session moved under another parent: rolled back as one incident, it is deleted, not left under its parent', async () => {
    const { simulator, runtime, agentSession, made } = await lostCreate('asana.subtask.create', (seed) => ({ parent: seed.taskGids[0]!, name: 'Check the venue' }));
    const tidier = await runtime.startSession({ agentId: 'tidier' });
    await tidier.run('asana.task.parent.set', { gid: made, parent: simulator.seed.taskGids[1]! });
    await tidier.end();

    const report = await runtime.rollbackIncident({ sessions: [agentSession, tidier.id] });

    expect(simulator.task(made)!.trashedAt, 'the agent’s subtask was left under its parent').not.toBeNull();
    expect(report.steps.map((step) => [step.action, step.outcome]).sort()).toEqual([['asana.subtask.create', 'verified'], ['asana.task.parent.set', 'verified']]);
  });

  it('a task another session moved after writing on more tasks than a lookup reads: the create is named unsettled, never "never landed"', async () => {
    const { simulator, runtime, agentSession, made } = await lostCreate('asana.task.create', (seed) => ({ name: 'Order badges', projects: [seed.projectGid] }));
    const { human } = environment;
    const tidier = await runtime.startSession({ agentId: 'tidier' });
    // Twenty tasks of a person's, each marked done by the other session before it moves the agent's.
    for (let index = 0; index < 20; index += 1) {
      const chore = await human.call<{ gid: string }>('createTask', true, () => human.tasks.createTask({ data: { name: `Chore ${index}`, workspace: simulator.seed.workspaceGid } }, {}));
      await tidier.run('asana.task.update', { gid: chore.gid, completed: true });
    }
    await tidier.run('asana.task.project.remove', { gid: made, project: simulator.seed.projectGid });
    await tidier.end();

    const report = await runtime.rollbackIncident({ sessions: [agentSession, tidier.id] });

    expect(simulator.task(made)!.projects, 'the undo of the move puts the task back in its project').toEqual([simulator.seed.projectGid]);
    expect(report.residue.join('\n'), 'the agent’s task was left in its project, the report saying nothing of it').toMatch(/asana\.task\.create \(key [^)]*\): outcome unknown: .*more than the 20 read/);
  });

  it('the tasks the other session made itself are never this write’s: however many, the agent’s task is still found', async () => {
    const { simulator, runtime, agentSession, made } = await lostCreate('asana.task.create', (seed) => ({ name: 'Order badges', projects: [seed.projectGid] }));
    const tidier = await runtime.startSession({ agentId: 'tidier' });
    for (let index = 0; index < 20; index += 1) {
      const chore = await tidier.run<{ gid: string }>('asana.task.create', { name: `Chore ${index}`, workspace: simulator.seed.workspaceGid });
      await tidier.run('asana.task.update', { gid: chore.gid, completed: true });
    }
    await tidier.run('asana.task.project.remove', { gid: made, project: simulator.seed.projectGid });
    await tidier.end();

    const report = await runtime.rollbackIncident({ sessions: [agentSession, tidier.id] });

    expect(simulator.task(made)!.projects).toEqual([simulator.seed.projectGid]);
    expect(report.residue.join('\n'), 'the agent’s task was left unsettled, though every other task named was the other session’s').toContain(`asana.task.create on asana.task:${made}`);
  });
});
