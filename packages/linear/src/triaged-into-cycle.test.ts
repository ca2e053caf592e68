// A person who plans the agent's issue into a cycle (their sprint) or a project milestone has taken it on,
// as one who assigns or labels it: the undo of the agent's creation leaves it open, in their cycle, a
// conflict naming the field, rather than archiving it out of their plan. A creation whose answer was lost
// is looked up at planning, after they planned it: the issue's history names them. Read back through the
// simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

describe("linear: a person plans the agent's issue", () => {
  for (const undo of ['archive', 'trash'] as const) {
    it(`into their cycle: the issue stays open in it (${undo})`, async () => {
      const { runtime, simulator, human } = await setup();
      const session = await runtime.startSession({ agentId: 'triage-bot' });
      const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Retry failed webhooks', undo });
      await session.end();
      await human.updateIssue(created.id, { cycleId: simulator.seed.cycleId });

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => [step.outcome, step.reason])).toEqual([['conflict', expect.stringContaining('cycleId')]]);
      expect(simulator.state.issues.get(created.id)).toMatchObject({ cycleId: simulator.seed.cycleId, archivedAt: null, trashed: null });
    });
  }

  it('into a milestone of the project the agent put it in: the issue stays open in it', async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Retry failed webhooks', projectId: simulator.seed.projectId });
    await session.end();
    await human.updateIssue(created.id, { projectMilestoneId: simulator.seed.projectMilestoneId });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.outcome, step.reason])).toEqual([['conflict', expect.stringContaining('projectMilestoneId')]]);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ projectMilestoneId: simulator.seed.projectMilestoneId, archivedAt: null });
  });

  it('into their cycle after the agent’s creation lost its answer: looked up at planning, the issue stays open in it', async () => {
    const { runtime, simulator, human } = await setup();
    // Linear commits the create and the answer never arrives; the lookup's reads fail until the session is over.
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueCreate'), kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 500, times: Infinity, when: (request) => String((request.body as { query?: string }).query).includes('backspaceIssue(') });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Retry failed webhooks' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await session.end();
    const filed = [...simulator.state.issues.values()].find((issue) => issue.title === 'Retry failed webhooks')!;
    await human.updateIssue(filed.id, { cycleId: simulator.seed.cycleId });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.outcome, step.reason])).toEqual([['conflict', expect.stringContaining('cycleId')]]);
    expect(simulator.state.issues.get(filed.id)).toMatchObject({ cycleId: simulator.seed.cycleId, archivedAt: null });
  });

  it('an unknown cycle is refused, as Linear refuses it, and nothing changes', async () => {
    const { simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-1']!;
    await expect(human.updateIssue(id, { cycleId: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/Entity not found: Cycle/);
    expect(simulator.state.issues.get(id)!.cycleId ?? null).toBeNull();
  });
});
