// A parent issue named by its identifier ("ENG-1") rather than its UUID: Linear takes either for
// `parentId` (IssueCreateInput/IssueUpdateInput: "Can be a UUID or issue identifier") and keeps the
// parent's UUID. A person's sub-issue filed that way is under the agent's issue all the same, and the
// agent's move named that way, its answer lost, is still the agent's to undo. Read back through the
// simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

describe('linear: a parent named by identifier', () => {
  it("a person's sub-issue filed under the agent's issue by its identifier keeps the issue out of the trash", async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Migrate the billing cron', undo: 'trash' });
    await session.end();
    const filed = await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Move the invoice job first', parentId: created.identifier })).issue;

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ trashed: null, archivedAt: null });
    expect(simulator.state.issues.get(filed!.id)).toMatchObject({ parentId: created.id, trashed: null, archivedAt: null });
  });

  it('the agent’s move under a parent named by identifier, its answer lost, is undone: the issue leaves that parent', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    // Linear commits the move and the answer never arrives; the runtime finds the write by its effect.
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueUpdate'), kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.issue.update', { id, parentId: 'ENG-1' }).catch(() => undefined);
    simulator.faults.clear();
    await session.end();
    expect(simulator.state.issues.get(id)!.parentId).toBe(simulator.seed.issues['ENG-1']);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.outcome, step.reason])).toEqual([['verified', expect.anything()]]);
    expect(simulator.state.issues.get(id)!.parentId).toBeNull();
  });
});
