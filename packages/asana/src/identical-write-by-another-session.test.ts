// A write whose answer was lost (a comment, or a task created with a personal token: neither carries its
// key) is settled only after another session on the same token made an identical one. The lookup leaves
// out what the journal records as another action's, so the agent's own write is the one found and undone,
// or answered to a retry with the same key; the other session's stays. One identical write the journal
// knows nothing of beside it cannot be told from the agent's: neither is taken, and the outcome is named.
// Read back through the simulator's records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { AsanaClient } from './client.js';
import { startAsanaEnvironment, type AsanaTestEnvironment } from './test-support/environment.js';

describe('a lost write settled after another session made an identical one', () => {
  let environment: AsanaTestEnvironment;
  let closeJournal: (() => Promise<void>) | undefined;
  afterEach(async () => {
    await closeJournal?.();
    closeJournal = undefined;
    await environment?.close();
  });

  async function start(agentToken: 'oauth' | 'personal') {
    environment = await startAsanaEnvironment({ agentToken });
    const journal = createSqliteJournal({ path: ':memory:' });
    closeJournal = () => journal.close();
    const runtime = createRuntime({ journal, adapters: [environment.adapter], policy: [], clock: scaledClock(100) });
    return { ...environment, runtime };
  }

  /** The agent's comment on the first seeded task lands with its answer lost, every read of the comments after it failing: its outcome stays unknown. */
  async function lostComment(idempotencyKey?: string) {
    const context = await start('oauth');
    const { simulator, runtime } = context;
    const task = simulator.seed.taskGids[0]!;
    const comments = () => simulator.store.state.stories.filter((story) => story.task === task && story.type === 'comment').map((story) => story.gid);
    const before = comments();
    const session = await runtime.startSession({ agentId: 'reporter' });
    simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks/:task_gid/stories', kind: 'drop-after-commit', times: 1 });
    simulator.faults.inject({ method: 'GET', path: '/api/1.0/tasks/:task_gid/stories', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 50 });
    await expect(session.run('asana.story.create', { task, text: 'Status: green' }, idempotencyKey ? { idempotencyKey } : {})).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    const [agentsComment] = comments().filter((gid) => !before.includes(gid));
    expect(agentsComment, 'the lost comment landed').toBeDefined();
    return { ...context, task, session, comments, agentsComment: agentsComment! };
  }

  /** Another session of the agent, on the same token, posts the same text, answered normally. */
  async function otherSessionComments(runtime: Awaited<ReturnType<typeof start>>['runtime'], task: string) {
    const other = await runtime.startSession({ agentId: 'reporter' });
    const comment = await other.run('asana.story.create', { task, text: 'Status: green' });
    await other.end();
    return comment.gid;
  }

  it('the comment: rolling the agent’s session back deletes its own comment and keeps the other session’s', async () => {
    const { runtime, task, session, comments, agentsComment } = await lostComment();
    const others = await otherSessionComments(runtime, task);
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.story.create', 'verified']]);
    expect(comments(), 'the agent’s comment is gone, the other session’s stays').toContain(others);
    expect(comments()).not.toContain(agentsComment);
  });

  it('the comment retried with the same key is answered with the first write: one comment of the agent’s, rolled back alone', async () => {
    const { runtime, task, session, comments, agentsComment } = await lostComment('tool-call-1');
    const others = await otherSessionComments(runtime, task);
    const before = comments();

    // The framework retries the agent's call with the same key, as it may after outcome_unknown.
    const retried = await session.run('asana.story.create', { task, text: 'Status: green' }, { idempotencyKey: 'tool-call-1' });
    expect(retried.gid, 'the first write, not a second comment').toBe(agentsComment);
    expect(comments(), 'nothing posted again').toEqual(before);
    await session.end();

    await runtime.rollback(session.id);
    expect(comments()).toContain(others);
    expect(comments()).not.toContain(agentsComment);
  });

  it('a task created with a personal token: rolling back deletes the agent’s task and keeps the other session’s', async () => {
    const { simulator, runtime } = await start('personal');
    const input = { name: 'Weekly report', notes: 'numbers', projects: [simulator.seed.projectGid] };
    const named = () => simulator.store.state.tasks.filter((task) => task.name === 'Weekly report');
    const session = await runtime.startSession({ agentId: 'reporter' });
    simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'drop-after-commit', times: 1 });
    simulator.faults.inject({ method: 'GET', when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 80 });
    await expect(session.run('asana.task.create', input)).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    const [agentsTask] = named();

    const other = await runtime.startSession({ agentId: 'reporter' });
    const othersTask = await other.run('asana.task.create', input);
    await other.end();
    expect(othersTask.gid).not.toBe(agentsTask!.gid);
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['asana.task.create', 'verified']]);
    expect(simulator.task(agentsTask!.gid)!.trashedAt, 'the agent’s task is in the trash').not.toBeNull();
    expect(simulator.task(othersTask.gid)!.trashedAt, 'the other session’s task stays').toBeNull();
  });

  it('an identical comment the journal knows nothing of (the same token, outside Backspace) is not guessed between: both stay, the outcome is named', async () => {
    const { simulator, runtime, task, session, comments, agentsComment } = await lostComment();
    // A script on the same token posts the same text, outside any session.
    const script = new AsanaClient({ token: simulator.tokens.agent, basePath: simulator.basePath });
    const scripts = await script.call('createStoryForTask', true, () => script.stories.createStoryForTask({ data: { text: 'Status: green' } }, task, {}));
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.unsettled, 'the lost comment is named, its outcome unknown').toEqual([expect.stringMatching(/asana\.story\.create.*cannot tell which/)]);
    await runtime.rollback(session.id);
    expect(comments(), 'neither comment is deleted on a guess').toEqual(expect.arrayContaining([agentsComment, String(scripts.gid)]));
  });
});
