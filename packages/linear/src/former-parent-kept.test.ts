// A person's issue the rollback puts back under the agent's issue keeps that issue: the agent filed an
// issue, a person's issue sat under it, and the agent took it out (moved it elsewhere, or to the archive or
// the trash). Undone, the person's issue is back under the agent's, so the undo of the agent's creation
// (an archive, or a trash Linear empties after 30 days) would put it away with their issue inside: the
// parent is kept, a conflict naming their issue. The agent's own sub-issue keeps nothing. Read back through
// the simulator's records and the person's own LinearClient.
import { describe, expect, it } from 'vitest';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();
type Environment = Awaited<ReturnType<typeof setup>>;

/** The agent files an epic in a session of its own; a person files a sub-issue under it. */
async function personsSubIssueUnderAgentsEpic(undo: 'archive' | 'trash') {
  const environment = await setup();
  const { runtime, simulator, human } = environment;
  const session = await runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo })) as { id: string };
  const sub = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;
  return { ...environment, session, epic, sub };
}

const put = (simulator: Environment['simulator'], id: string) => {
  const issue = simulator.state.issues.get(id)!;
  return { parentId: issue.parentId, archived: issue.archivedAt !== null, trashed: issue.trashed === true };
};

describe("linear: the agent's issue a person's sub-issue is moved back into", () => {
  for (const undo of ['archive', 'trash'] as const) {
    for (const moveTo of ['no parent', 'another issue'] as const) {
      it(`is kept when the agent had moved the person's sub-issue out of it (to ${moveTo}; undone by ${undo})`, async () => {
        const { runtime, simulator, human, session, epic, sub } = await personsSubIssueUnderAgentsEpic(undo);
        await session.run('linear.issue.update', { id: sub.id, parentId: moveTo === 'no parent' ? null : simulator.seed.issues['ENG-1']! });
        await session.end();

        const plan = await runtime.planRollback(session.id);
        const report = await runtime.rollback(session.id);

        const create = (steps: typeof plan.steps) => steps.find((step) => step.action === 'linear.issue.create')!;
        expect(create(plan.steps)).toMatchObject({ status: 'conflict', remedy: 'none' });
        expect(create(plan.steps).reason).toContain(`linear.issue:${sub.id}`);
        expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
          ['linear.issue.update', 'verified'],
          ['linear.issue.create', 'conflict'],
        ]);
        // The person's issue is back where it was, under a parent that is neither archived nor trashed.
        expect(put(simulator, sub.id)).toEqual({ parentId: epic.id, archived: false, trashed: false });
        expect(put(simulator, epic.id)).toEqual({ parentId: null, archived: false, trashed: false });
        expect((await (await human.issue(sub.id)).parent)?.id).toBe(epic.id);
        expect(simulator.state.committed.get(undo === 'trash' ? 'issueDelete' : 'issueArchive')).toBeUndefined();
      });
    }
  }

  for (const took of ['linear.issue.archive', 'linear.issue.delete'] as const) {
    it(`is kept when the agent had put the person's sub-issue away (${took}): restored, it is back under it`, async () => {
      const { runtime, simulator, session, epic, sub } = await personsSubIssueUnderAgentsEpic('trash');
      await session.run(took, { id: sub.id });
      await session.end();

      const report = await runtime.rollback(session.id);

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
        [took, 'verified'],
        ['linear.issue.create', 'conflict'],
      ]);
      expect(report.residue.join('\n')).toContain(`linear.issue:${sub.id}`);
      expect(put(simulator, sub.id)).toEqual({ parentId: epic.id, archived: false, trashed: false });
      expect(put(simulator, epic.id)).toEqual({ parentId: null, archived: false, trashed: false });
    });
  }

  it("is put away when the sub-issue the agent moved out of it is the agent's own: undone first, it keeps nothing", async () => {
    const { runtime, simulator } = await setup();
    const session = await runtime.startSession({ agentId: 'planner' });
    const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo: 'trash' })) as { id: string };
    const own = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
    await session.run('linear.issue.update', { id: own.id, parentId: null });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.counts).toMatchObject({ undone: 3, conflicts: 0, failed: 0 });
    // Archived by its own undo, then taken along to the trash by its parent's (the simulator's reading of Linear).
    expect(put(simulator, own.id)).toEqual({ parentId: epic.id, archived: true, trashed: true });
    expect(put(simulator, epic.id)).toEqual({ parentId: null, archived: true, trashed: true });
  });
});
