// Finding a write again after its answer was lost: by `external.gid` with an OAuth token, by the matching
// rule with a personal access token; and one SDK client per adapter.
import Asana from 'asana';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, ProviderError, scaledClock, type Session } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createAsanaAdapter } from './adapter.js';
import type { AsanaSeed } from './simulator/seed.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('idempotency at Asana', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  async function createAfterDroppedAnswer(agentToken: 'oauth' | 'personal', inputFor: (seed: AsanaSeed) => Record<string, unknown>, path = '/api/1.0/tasks') {
    environment = await startAsanaEnvironment({ agentToken });
    const input = inputFor(environment.simulator.seed);
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    environment.simulator.faults.inject({ method: 'POST', path, kind: 'drop-after-commit' });
    try {
      // Either create action, its input built by the caller.
      const session: Session = await runtime.startSession({ agentId: 'retry' });
      const result = await session.run<{ gid: string }>(input.parent ? 'asana.subtask.create' : 'asana.task.create', input, { idempotencyKey: 'call-42' });
      const named = environment.simulator.store.state.tasks.filter((task) => task.name === input.name);
      return { result, named, sessionId: session.id };
    } finally {
      await journal.close();
    }
  }

  it('with an OAuth token the key rides in external.gid, and getTask("external:KEY") finds the task', async () => {
    const again = await createAfterDroppedAnswer('oauth', (seed) => ({ name: 'Book the venue', workspace: seed.workspaceGid }));
    expect(again.named, 'one task, though the answer was lost').toHaveLength(1);
    // The caller's key scoped to its session: the same tool call id in another session is another task.
    const key = `${again.sessionId}:call:call-42`;
    expect(environment.simulator.task(again.result.gid)!.external).toMatchObject({ gid: key });
    const human = environment.human;
    await expect(human.call('getTask', false, () => human.tasks.getTask(`external:${key}`, {}))).rejects.toMatchObject({ status: 404 });
    const agent = environment.adapter.client;
    expect((await agent.findTask(`external:${key}`))?.gid).toBe(again.result.gid);
  });

  it('with a personal token nothing can carry the key; the matching rule finds the task it created', async () => {
    const { result, named } = await createAfterDroppedAnswer('personal', (seed) => ({ name: 'Print the badges', notes: 'two hundred', projects: [seed.projectGid] }));
    expect(named).toHaveLength(1);
    expect(result.gid).toBe(named[0]!.gid);
    expect(named[0]!.external, 'a personal token cannot write external data').toBeNull();
  });

  it('with a personal token, a task in no project, under no parent and unassigned is not sent twice: outcome unknown', async () => {
    const attempt = createAfterDroppedAnswer('personal', (seed) => ({ name: 'Loose task', workspace: seed.workspaceGid }));
    await expect(attempt).rejects.toMatchObject({ code: 'outcome_unknown' });
    expect(environment.simulator.store.state.tasks.filter((task) => task.name === 'Loose task'), 'written once, never resent blindly').toHaveLength(1);
  });

  it('with a personal token, a task created with its answer lost, then taken out of its project by the same session, is found and named, never "never created"', async () => {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const { simulator } = environment;
    const { projectGid, otherProjectGid } = simulator.seed;
    const journal = createSqliteJournal({ path: ':memory:' });
    try {
      const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
      const session = await runtime.startSession({ agentId: 'planner' });
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'drop-after-commit', times: 20 });
      simulator.faults.inject({ method: 'GET', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
      await expect(session.run('asana.task.create', { name: 'Order badges', projects: [projectGid, otherProjectGid] })).rejects.toMatchObject({ code: 'outcome_unknown' });
      simulator.faults.clear();
      // The agent finds its task without the answer, and takes it out of the project the lookup lists.
      const made = simulator.store.state.tasks.find((task) => task.name === 'Order badges')!;
      await session.run('asana.task.project.remove', { gid: made.gid, project: projectGid });
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => step.action)).toEqual(['asana.task.project.remove', 'asana.task.create']);
      expect(report.residue.join('\n')).toContain(`asana.task.create on asana.task:${made.gid}`);
    } finally {
      await journal.close();
    }
  });

  it('with a personal token, a retry after a 5xx never adopts an identical task another session made: rolling back the second leaves the first', async () => {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const { simulator } = environment;
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    const input = { name: 'Weekly report', notes: 'Numbers for the week', projects: [simulator.seed.projectGid] };
    try {
      const first = await runtime.startSession({ agentId: 'reporter' });
      const earlier = await first.run('asana.task.create', input);
      await first.end();
      // Asana answers 503 before writing anything: the retry must look for this attempt's task, find none, and send again.
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'server-error', status: 503 });
      const second = await runtime.startSession({ agentId: 'reporter' });
      const later = await second.run('asana.task.create', input);
      await second.end();

      expect(later.gid, 'a task of its own, not the first session’s').not.toBe(earlier.gid);
      expect(simulator.store.state.tasks.filter((task) => task.name === 'Weekly report').map((task) => task.gid)).toEqual([earlier.gid, later.gid]);
      await runtime.rollback(second.id);
      expect(simulator.task(earlier.gid)!.trashedAt, 'the first session’s task is untouched').toBeNull();
      expect(simulator.task(later.gid)!.trashedAt).not.toBeNull();
    } finally {
      await journal.close();
    }
  });

  it('with a personal token, a comment retried after a lost answer is found again, and an identical earlier one is not taken for it', async () => {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const { simulator } = environment;
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    const task = simulator.seed.taskGids[0]!;
    const comments = () => simulator.store.state.stories.filter((story) => story.task === task && story.type === 'comment').map((story) => story.gid);
    try {
      const first = await runtime.startSession({ agentId: 'reporter' });
      const earlier = await first.run('asana.story.create', { task, text: 'Done for this week' });
      await first.end();
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks/:task_gid/stories', kind: 'server-error', status: 502 });
      const second = await runtime.startSession({ agentId: 'reporter' });
      const later = await second.run('asana.story.create', { task, text: 'Done for this week' });
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks/:task_gid/stories', kind: 'drop-after-commit' });
      const third = await second.run('asana.story.create', { task, text: 'Done for this week' });
      await second.end();
      expect(new Set([earlier.gid, later.gid, third.gid]).size, 'three comments, each its own').toBe(3);
      expect(comments()).toEqual([earlier.gid, later.gid, third.gid]);
      await runtime.rollback(second.id);
      expect(comments(), 'the first session’s comment stays').toEqual([earlier.gid]);
    } finally {
      await journal.close();
    }
  });

  it('with a personal token, another process cannot tell a lost create from an identical earlier one: planning leaves it unsettled, nothing adopted or resent', async () => {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const { simulator } = environment;
    const journal = createSqliteJournal({ path: ':memory:' });
    const input = { name: 'Weekly report', projects: [simulator.seed.projectGid] };
    try {
      const crashed = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
      const session = await crashed.startSession({ agentId: 'reporter' });
      await session.run('asana.task.create', input);
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'server-error', status: 503, times: 20 });
      await expect(session.run('asana.task.create', input, { idempotencyKey: 'call-7' })).rejects.toMatchObject({ code: 'outcome_unknown' });
      simulator.faults.clear();

      // A new process (a fresh adapter, the same journal) ends the crashed session and plans it.
      const restarted = createRuntime({ journal, adapters: [createAsanaAdapter({ token: simulator.tokens.agentPersonal, baseUrl: simulator.url })], policy: [], clock: scaledClock(100) });
      await restarted.endSession(session.id, { by: 'ops' });
      const plan = await restarted.planRollback(session.id);
      expect(plan.unsettled, 'the lost create is named, not settled').toEqual([expect.stringMatching(/asana\.task\.create .*key call-7.*outcome unknown/)]);
      expect(plan.steps).toHaveLength(1);
      expect(simulator.store.state.tasks.filter((task) => task.name === 'Weekly report'), 'the earlier task is not taken for this one, and nothing is sent again').toHaveLength(1);
    } finally {
      await journal.close();
    }
  });

  /** An OAuth agent's runtime that dies mid-call, and the operator's process that rolls its session back on the same journal. */
  async function agentThenOperator() {
    environment = await startAsanaEnvironment({ agentToken: 'oauth' });
    const { simulator } = environment;
    const journal = createSqliteJournal({ path: ':memory:' });
    const agent = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    const rollBack = async (sessionId: string) => {
      const operator = createRuntime({ journal, adapters: [createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url })], policy: [], clock: scaledClock(100) });
      await operator.endSession(sessionId, { by: 'ops' });
      return operator.rollback(sessionId);
    };
    /**
     * The agent's call whose write `kind` fails at `method path` (landing with its answer lost, or never
     * arriving), every read of the task after it failing too: its outcome stays unknown until planning.
     */
    const lostCall = async (run: () => Promise<unknown>, method: string, path: string, kind: 'drop-after-commit' | 'reset') => {
      simulator.faults.inject({ method, path, kind, times: 20 });
      simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:gid', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
      await expect(run()).rejects.toMatchObject({ code: 'outcome_unknown' });
      simulator.faults.clear();
    };
    return { ...environment, journal, agent, rollBack, lostCall };
  }

  it('a task whose create answer was lost, found again by its key after a person renamed it, is theirs to keep', async () => {
    const { simulator, human, journal, agent, rollBack } = await agentThenOperator();
    try {
      const session = await agent.startSession({ agentId: 'planner' });
      // The create lands, its answer is lost, and every lookup in the agent's own call fails.
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'drop-after-commit', times: 20 });
      simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:gid', kind: 'server-error', status: 503, times: 50 });
      await expect(session.run('asana.task.create', { name: 'Draft the agenda', projects: [simulator.seed.projectGid] })).rejects.toMatchObject({ code: 'outcome_unknown' });
      simulator.faults.clear();
      const [made] = simulator.store.state.tasks.filter((task) => task.name === 'Draft the agenda');
      await human.call('updateTask', true, () => human.tasks.updateTask({ data: { name: 'Agenda for Thursday' } }, made!.gid, {}));

      // The operator settles the create by its key: as the agent made it, so the person's rename is theirs.
      const report = await rollBack(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.create', 'conflict']]);
      expect(simulator.task(made!.gid)).toMatchObject({ name: 'Agenda for Thursday' });
    } finally {
      await journal.close();
    }
  });

  it('an update whose answer was lost, its name changed by a person since, is found by the agent’s own stories and undone where still the agent’s', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Order catering', projects: [simulator.seed.projectGid] } }, {}));
      const session = await agent.startSession({ agentId: 'planner' });
      // The update lands, its answer is lost, and every read of the task after it fails in the agent's call.
      await lostCall(() => session.run('asana.task.update', { gid: task.gid, name: 'Order catering (agent)', completed: true }), 'PUT', '/api/1.0/tasks/:gid', 'drop-after-commit');
      await human.call('updateTask', true, () => human.tasks.updateTask({ data: { name: 'Order catering for 40' } }, task.gid, {}));

      await rollBack(session.id);
      expect(simulator.task(task.gid)).toMatchObject({ name: 'Order catering for 40', completed: false });
    } finally {
      await journal.close();
    }
  });

  it('followers added with the answer lost, one removed by a person since, are found by the agent’s own stories and the other removed too', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Book the venue', projects: [simulator.seed.projectGid] } }, {}));
      const { human: person, teammate } = simulator.seed.users;
      const session = await agent.startSession({ agentId: 'planner' });
      await lostCall(() => session.run('asana.task.follower.add', { gid: task.gid, followers: [teammate, 'me'] }), 'POST', '/api/1.0/tasks/:gid/addFollowers', 'drop-after-commit');
      await human.call('removeFollowersForTask', true, () => human.tasks.removeFollowerForTask({ data: { followers: [teammate] } }, task.gid, {}));

      await rollBack(session.id);
      expect(simulator.task(task.gid)!.followers).toEqual([person]);
    } finally {
      await journal.close();
    }
  });

  it('a task added to a project with the answer lost, moved to another section by a person since, is found by the agent’s own story and named as theirs to keep', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const { projectGid, otherProjectGid, sections } = simulator.seed;
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Pick a venue', projects: [otherProjectGid] } }, {}));
      const session = await agent.startSession({ agentId: 'planner' });
      await lostCall(() => session.run('asana.task.project.add', { gid: task.gid, project: projectGid, section: sections.doing }), 'POST', '/api/1.0/tasks/:gid/addProject', 'drop-after-commit');
      await human.call('addProjectForTask', true, () => human.tasks.addProjectForTask({ data: { project: projectGid, section: sections.done } }, task.gid));

      // Found as the agent's, and the person's move of it kept: named as a conflict, not "never landed".
      const report = await rollBack(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.project.add', 'conflict']]);
      expect(simulator.task(task.gid)!.projects.sort()).toEqual([projectGid, otherProjectGid].sort());
    } finally {
      await journal.close();
    }
  });

  it('an update that never reached Asana is not taken for the agent’s when a person made the same change since: their completion stays', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Send the invites', projects: [simulator.seed.projectGid] } }, {}));
      const session = await agent.startSession({ agentId: 'planner' });
      await lostCall(() => session.run('asana.task.update', { gid: task.gid, completed: true }), 'PUT', '/api/1.0/tasks/:gid', 'reset');
      await human.call('updateTask', true, () => human.tasks.updateTask({ data: { completed: true } }, task.gid, {}));

      await rollBack(session.id);
      expect(simulator.task(task.gid)).toMatchObject({ completed: true });
    } finally {
      await journal.close();
    }
  });

  it('a project add that never reached Asana, made by hand by a person, then a later write of the agent on the task: the person’s project stays', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const { projectGid, otherProjectGid } = simulator.seed;
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Book the room', projects: [otherProjectGid] } }, {}));
      const session = await agent.startSession({ agentId: 'planner' });
      await lostCall(() => session.run('asana.task.project.add', { gid: task.gid, project: projectGid }), 'POST', '/api/1.0/tasks/:gid/addProject', 'reset');
      await human.call('addProjectForTask', true, () => human.tasks.addProjectForTask({ data: { project: projectGid } }, task.gid));
      await session.run('asana.task.project.remove', { gid: task.gid, project: otherProjectGid });

      // The add is settled at planning, older than the remove: the history still says who added the task.
      await rollBack(session.id);
      expect(simulator.task(task.gid)!.projects.sort()).toEqual([projectGid, otherProjectGid].sort());
    } finally {
      await journal.close();
    }
  });

  it('a follower added with the answer lost leaves the follower a person added since', async () => {
    const { simulator, human, journal, agent, rollBack, lostCall } = await agentThenOperator();
    try {
      const { teammate, agent: bot } = simulator.seed.users;
      const task = await human.call('createTask', true, () => human.tasks.createTask({ data: { name: 'Print the badges', projects: [simulator.seed.projectGid] } }, {}));
      await human.call('removeFollowersForTask', true, () => human.tasks.removeFollowerForTask({ data: { followers: [simulator.seed.users.human] } }, task.gid, {}));
      const session = await agent.startSession({ agentId: 'planner' });
      await lostCall(() => session.run('asana.task.follower.add', { gid: task.gid, followers: ['me'] }), 'POST', '/api/1.0/tasks/:gid/addFollowers', 'drop-after-commit');
      await human.call('addFollowersForTask', true, () => human.tasks.addFollowersForTask({ data: { followers: [teammate] } }, task.gid, {}));
      expect(simulator.task(task.gid)!.followers.sort()).toEqual([bot, teammate].sort());

      await rollBack(session.id);
      expect(simulator.task(task.gid)!.followers).toEqual([teammate]);
    } finally {
      await journal.close();
    }
  });

  it('the matching rule also finds a subtask under its parent', async () => {
    const { named } = await createAfterDroppedAnswer('personal', (seed) => ({ parent: seed.taskGids[0], name: 'Order lanyards' }), '/api/1.0/tasks/:task_gid/subtasks');
    const parent = environment.simulator.seed.taskGids[0]!;
    expect(named).toHaveLength(1);
    expect(environment.simulator.task(parent)!.subtasks).toEqual([named[0]!.gid]);
  });

  it('the simulator refuses external data from a personal token, as Asana keeps it for OAuth apps', async () => {
    environment = await startAsanaEnvironment({ agentToken: 'personal' });
    const client = environment.adapter.client;
    const error = await client.call('createTask', true, () => client.tasks.createTask({ data: { name: 'x', workspace: environment.simulator.seed.workspaceGid, external: { gid: 'k' } } }, {})).catch((caught: unknown) => caught as ProviderError);
    expect(error).toMatchObject({ status: 400 });
    expect(error.message).toContain('Only OAuth applications can set external data');
  });

  it('each adapter builds its own ApiClient and leaves the SDK’s shared ApiClient.instance alone', async () => {
    environment = await startAsanaEnvironment();
    const first = createAsanaAdapter({ token: environment.simulator.tokens.agent, baseUrl: environment.simulator.url });
    const second = createAsanaAdapter({ token: environment.simulator.tokens.human, baseUrl: environment.simulator.basePath });
    expect(first.client.api).not.toBe(second.client.api);
    expect(first.client.api).not.toBe(Asana.ApiClient.instance);
    expect(Asana.ApiClient.instance.basePath).toBe('https://app.asana.com/api/1.0');
    expect(Asana.ApiClient.instance.authentications.token!.accessToken).toBeUndefined();
    expect(await first.client.myGid()).toBe(environment.simulator.seed.users.agent);
    expect(await second.client.myGid()).toBe(environment.simulator.seed.users.human);
  });
});
