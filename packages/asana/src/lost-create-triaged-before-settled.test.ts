// A task create whose answer was lost (OAuth: found again by its key) and a person's triage of the task
// made before the rollback settled it: a priority (a custom field) set, or the task reassigned where the
// agent named its assignee by email. The create's answer, rebuilt from what it sent, keeps such values as
// found, so it is the task's stories (who changed each field last) that tell them apart as the person's:
// the rollback keeps the task, a conflict, instead of deleting it under their triage. Read back through
// the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from './adapter.js';
import type { TaskCreateInput } from './actions/task-create.js';
import type { AsanaSimulator } from './simulator/create-simulator.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a person’s triage between a lost create and its settling', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  /** The agent's create lands with its answer lost and every lookup in its own call failing: settled at rollback. */
  async function lostCreate(inputFor: (simulator: AsanaSimulator) => TaskCreateInput) {
    environment = await startAsanaEnvironment({ agentToken: 'oauth' });
    const { simulator } = environment;
    const input = inputFor(simulator);
    const journal = createSqliteJournal({ path: ':memory:' });
    const agent = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    const session = await agent.startSession({ agentId: 'planner' });
    simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'drop-after-commit', times: 20 });
    simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:gid', kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('asana.task.create', input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    const made = simulator.store.state.tasks.find((task) => task.name === input.name)!;
    const rollBack = async () => {
      const operator = createRuntime({ journal, adapters: [createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [], clock: scaledClock(100) });
      await operator.endSession(session.id, { by: 'ops' });
      return operator.rollback(session.id);
    };
    return { simulator, journal, made, rollBack };
  }

  it('a priority a person set on the agent’s task before the lost create was settled is theirs: the task is not deleted under it', async () => {
    const { simulator, journal, made, rollBack } = await lostCreate((simulator) => ({ name: 'Draft the agenda', projects: [simulator.seed.projectGid] }));
    try {
      const { priority } = simulator.seed.customFields;
      await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { custom_fields: { [priority.gid]: priority.options.high } } }, made.gid, {}));
      const report = await rollBack();
      expect(
        { trashed: simulator.task(made.gid)!.trashedAt !== null, steps: report.steps.map((step) => [step.action, step.outcome]) },
        'the person’s triaged task was deleted as if their priority were the agent’s',
      ).toEqual({ trashed: false, steps: [['asana.task.create', 'conflict']] });
    } finally {
      await journal.close();
    }
  });

  it('a person who reassigned the agent’s task (the agent assigned it by email) before the lost create was settled keeps it', async () => {
    const { simulator, journal, made, rollBack } = await lostCreate((simulator) => ({
      name: 'Book the room',
      projects: [simulator.seed.projectGid],
      assignee: simulator.store.state.users.find((user) => user.gid === simulator.seed.users.teammate)!.email,
    }));
    try {
      await environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data: { assignee: simulator.seed.users.human } }, made.gid, {}));
      const report = await rollBack();
      expect(
        { trashed: simulator.task(made.gid)!.trashedAt !== null, steps: report.steps.map((step) => [step.action, step.outcome]) },
        'the task the person reassigned to themselves was deleted as if the assignee were the agent’s',
      ).toEqual({ trashed: false, steps: [['asana.task.create', 'conflict']] });
    } finally {
      await journal.close();
    }
  });
});
