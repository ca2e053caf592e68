// A project milestone is one of the issue's project's: Linear takes an issue out of its milestone when it
// leaves the project. The undo of the agent's move to another project puts the milestone back with the
// project (the agent's move cleared it), and keeps the project where a person has since planned the issue
// into a milestone of the project the agent put it in (putting the project back would clear theirs).
// Read back through the simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

describe('linear: the project milestone goes with the project', () => {
  it('the agent moved the issue out of its project: the rollback puts back the project and the milestone it cleared', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const { projectId, projectMilestoneId } = simulator.seed;
    await human.updateIssue(id, { projectId, projectMilestoneId });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.issue.update', { id, projectId: null });
    await session.end();
    expect(simulator.state.issues.get(id)).toMatchObject({ projectId: null, projectMilestoneId: null });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(simulator.state.issues.get(id)).toMatchObject({ projectId, projectMilestoneId });
  });

  it('a person planned the issue into a milestone of the project the agent put it in: the project stays, with their milestone', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const { projectId, projectMilestoneId } = simulator.seed;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.issue.update', { id, projectId, priority: 1 });
    await session.end();
    await human.updateIssue(id, { projectMilestoneId });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(simulator.state.issues.get(id)).toMatchObject({ projectId, projectMilestoneId });
  });
});
