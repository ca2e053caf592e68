// The scenario: the agent completes twelve tasks and reassigns three; a person reopens one of
// them; rollback reopens the other eleven, restores the three assignees, and leaves the person's task be.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { startAsanaEnvironment, type AsanaTestEnvironment } from '../test-support/environment.js';

describe('rolling back a session that completed twelve tasks and reassigned three', () => {
  let environment: AsanaTestEnvironment;
  afterEach(() => environment?.close());

  it('reopens eleven, restores three assignees, and keeps the task a person reopened as they left it', async () => {
    // Asana's real limit (150 requests a minute per token) stays on; a minute passes in a second.
    const clock = scaledClock(60);
    environment = await startAsanaEnvironment({ clock, requestsPerMinute: 150 });
    const { simulator, adapter, human } = environment;
    const { seed } = simulator;
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [adapter], policy: [], clock });
    const twelve = seed.taskGids.slice(0, 12);
    const reassigned = twelve.slice(0, 3);
    const reopenedByHuman = twelve[7]!;

    const session = await runtime.startSession({ agentId: 'cleanup-bot', reason: 'close the launch checklist' });
    for (const gid of twelve) await session.run('asana.task.update', { gid, completed: true });
    for (const gid of reassigned) await session.run('asana.task.update', { gid, assignee: seed.users.agent });
    await session.end();
    expect(twelve.every((gid) => simulator.task(gid)!.completed)).toBe(true);
    expect(reassigned.map((gid) => simulator.task(gid)!.assignee)).toEqual([seed.users.agent, seed.users.agent, seed.users.agent]);

    await human.call('updateTask', true, () => human.tasks.updateTask({ data: { completed: false } }, reopenedByHuman, {}));
    const reopenedAt = simulator.task(reopenedByHuman)!.modifiedAt;

    const plan = await runtime.planRollback(session.id);
    const humanStep = plan.steps.find((step) => step.resource === `asana.task:${reopenedByHuman}`)!;
    expect(humanStep.status, 'the person already reopened it: nothing to undo there').toBe('already-undone');
    expect(plan.steps.filter((step) => step.status === 'undo')).toHaveLength(14);

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 14, failed: 0 });

    const others = twelve.filter((gid) => gid !== reopenedByHuman);
    expect(others.map((gid) => simulator.task(gid)!.completed), 'the other eleven are open again').toEqual(others.map(() => false));
    expect(reassigned.map((gid) => simulator.task(gid)!.assignee), 'the three assignees are back').toEqual(reassigned.map(() => seed.users.teammate));
    const personal = simulator.task(reopenedByHuman)!;
    expect(personal.completed).toBe(false);
    expect(personal.modifiedAt, 'rollback did not touch the task the person reopened').toBe(reopenedAt);
    const completionStories = simulator.store.state.stories.filter((story) => story.task === reopenedByHuman && story.subtype.startsWith('marked_'));
    expect(completionStories.map((story) => [story.subtype, story.createdBy])).toEqual([['marked_complete', seed.users.agent], ['marked_incomplete', seed.users.human]]);

    const again = await runtime.rollback(session.id);
    expect(again.executed, 'a second rollback changes nothing').toBe(0);
    const journaled = JSON.stringify(await journal.sessionEntries(session.id));
    expect(journaled).not.toContain(simulator.tokens.agent);
    expect(journaled).toContain('"completed":true');
    await journal.close();
  });
});
