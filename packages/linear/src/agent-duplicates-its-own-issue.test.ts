// The agent files the same issue twice, in one session or in two: the undo of the second marks it a
// duplicate of the first (the open issue with its title) before archiving it. That mark is the rollback's
// own doing, not someone's work on the first issue: the first is archived too, never left open as a
// conflict blaming "someone". A person's duplicate mark either way still keeps the agent's issue. And an
// original gone from Linear for good since (emptied from the trash) leaves nothing to mark the agent's
// issue a duplicate of: it is archived all the same. Read back through the simulator's own state and a
// person's SDK client.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { scaledClock, type Clock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });
// One clock for the runtime and the simulator: the trash is emptied by the simulator's clock.
const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const withClock = linearRuntimePerTest({ clock }, { clock });
const DAYS_31 = 31 * 24 * 3_600_000;
const TITLE = 'Flaky login test on CI';

describe('linear: the agent duplicates its own issue', () => {
  it('in one session: both issues are archived, the second marked a duplicate of the first', async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const first = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE });
    const second = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
    expect(simulator.state.issues.get(first.id)!.archivedAt).not.toBeNull();
    expect(simulator.state.issues.get(second.id)!.archivedAt).not.toBeNull();
    const marks = await (await human.issue(second.id)).relations();
    expect(marks.nodes.map((relation) => relation.type)).toEqual(['duplicate']);
  });

  it('in two sessions, the later rolled back first: the earlier session’s rollback archives its issue too', async () => {
    const { runtime, simulator } = await setup();
    const earlier = await runtime.startSession({ agentId: 'triage-bot' });
    const first = await earlier.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE });
    await earlier.end();
    const later = await runtime.startSession({ agentId: 'triage-bot' });
    const second = await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE });
    await later.end();

    await runtime.rollback(later.id);
    expect(simulator.state.issues.get(second.id)!.archivedAt).not.toBeNull();
    const report = await runtime.rollback(earlier.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(simulator.state.issues.get(first.id)!.archivedAt).not.toBeNull();
  });

  it('a person’s issue marked a duplicate of the agent’s keeps the agent’s issue open', async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE });
    await session.end();
    await human.createIssueRelation({ issueId: simulator.seed.issues['ENG-3']!, relatedIssueId: created.id, type: 'duplicate' as never });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(simulator.state.issues.get(created.id)!.archivedAt).toBeNull();
    expect([...simulator.state.relations.values()].filter((relation) => relation.relatedIssueId === created.id)).toHaveLength(1);
  });

  it('the agent’s issue a person marked a duplicate of theirs stays out of the trash, with their mark', async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: TITLE, undo: 'trash' });
    await session.end();
    const mark = (await (await human.createIssueRelation({ issueId: created.id, relatedIssueId: simulator.seed.issues['ENG-3']!, type: 'duplicate' as never })).issueRelation)!;

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ trashed: null, archivedAt: null });
    expect(simulator.state.relations.get(mark.id)).toMatchObject({ type: 'duplicate', issueId: created.id });
  });

  it('an original a person trashed, gone for good 30 days on: the agent’s duplicate is archived without its mark, and the report says so', async () => {
    const { runtime, simulator, human } = await withClock();
    const original = simulator.seed.issues['ENG-1']!;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: simulator.state.issues.get(original)!.title });
    await session.end();
    await human.deleteIssue(original);
    clock.advance(DAYS_31);
    await expect(human.issue(original)).rejects.toThrow(/Entity not found/);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(report.residue.join('\n')).toContain(`the issue it repeated (${original}) is gone from Linear`);
    expect(simulator.state.issues.get(created.id)!.archivedAt).not.toBeNull();
    expect([...simulator.state.relations.values()].filter((relation) => relation.issueId === created.id)).toEqual([]);
  });
});
