// A person trashes the issue the agent archived: the plan an operator reads before the rollback and the
// report after it tell the same thing. Linear archives what it trashes, so the issue's archived flag
// still reads as the agent left it; the person's trash holds it as much as the lifecycle, and nothing of
// the agent's archive is left to restore: a conflict in the plan, a conflict when run, nothing written.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

describe("linear: a person's trash after the agent's archive", () => {
  for (const archivedBy of ['linear.issue.archive', 'linear.issue.create'] as const) {
    it(`is a conflict in the plan and in the run alike, the issue left in their trash (the agent's ${archivedBy})`, async () => {
      const { runtime, simulator, human } = await setup();
      const session = await runtime.startSession({ agentId: 'agent' });
      // The agent archives an issue of the team's, or one it files and archives itself.
      const id = archivedBy === 'linear.issue.archive' ? simulator.seed.issues['ENG-2']! : ((await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Scratch issue' })) as { id: string }).id;
      await session.run('linear.issue.archive', { id });
      await session.end();
      await human.deleteIssue(id);

      const plan = await runtime.planRollback(session.id);
      const report = await runtime.rollback(session.id);

      const archive = (steps: typeof plan.steps) => steps.find((step) => step.action === 'linear.issue.archive')!;
      expect(archive(plan.steps)).toMatchObject({ status: 'conflict', remedy: 'none' });
      expect(archive(report.steps)).toMatchObject({ status: 'conflict', outcome: 'conflict' });
      // What the operator was told before is what the report says after, word for word.
      expect(report.residue).toEqual(plan.residue);
      expect(plan.residue.join('\n')).toMatch(/linear\.issue\.archive on .*: left in place, someone changed lifecycle, archived \(set again by [0-9a-f-]+\)/);
      // Nothing takes the issue out of their trash (the create's own undo is an archive, which leaves it there).
      expect(simulator.state.committed.get('issueUnarchive')).toBeUndefined();
      const issue = await human.issue(id);
      expect({ trashed: issue.trashed, archived: issue.archivedAt instanceof Date }).toEqual({ trashed: true, archived: true });
    });
  }

  it('still restores an issue the person only touched elsewhere (a title): the archive is undone', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.archive', { id });
    await session.end();
    await human.updateIssue(id, { title: 'Export issues as CSV (customers asked)' });

    const plan = await runtime.planRollback(session.id);
    const report = await runtime.rollback(session.id);

    expect(plan.steps.map((step) => step.status)).toEqual(['undo']);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    const issue = await human.issue(id);
    expect({ title: issue.title, trashed: issue.trashed ?? false, archived: issue.archivedAt instanceof Date }).toEqual({ title: 'Export issues as CSV (customers asked)', trashed: false, archived: false });
  });
});
