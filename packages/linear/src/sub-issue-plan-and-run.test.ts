// Linear takes a parent's sub-issues along when it archives or trashes it (the simulator's reading, see
// LinearState.archiveIssue), so the undo of the agent's creation must never reach a parent with a person's
// sub-issue under it, open or put away in the archive: the plan says conflict naming it, the run does the
// same and sends no archive, and the person's sub-issue stays where they left it. Read back through the
// person's own LinearClient and the simulator's write counts.
import { describe, expect, it } from 'vitest';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();

describe("linear: a person's sub-issue under the agent's issue, plan and run alike", () => {
  for (const undo of ['archive', 'trash'] as const) {
    for (const theirs of ['open', 'archived'] as const) {
      it(`keeps the agent's issue (${undo}) over their ${theirs} sub-issue`, async () => {
        const { runtime, simulator, human } = await setup();
        const session = await runtime.startSession({ agentId: 'planner' });
        const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo })) as { id: string };
        await session.end();
        const sub = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;
        if (theirs === 'archived') await human.archiveIssue(sub.id);

        const plan = await runtime.planRollback(session.id);
        const report = await runtime.rollback(session.id);

        expect([plan.steps.map((step) => step.status), report.steps.map((step) => step.outcome)]).toEqual([['conflict'], ['conflict']]);
        expect(plan.steps[0]!.reason).toContain(`linear.issue:${sub.id}`);
        expect([simulator.state.committed.get('issueArchive'), simulator.state.committed.get('issueDelete')]).toEqual([theirs === 'archived' ? 1 : undefined, undefined]);
        const kept = await human.issue(sub.id);
        expect({ parent: (await kept.parent)?.id, archived: kept.archivedAt instanceof Date, trashed: kept.trashed === true }).toEqual({ parent: epic.id, archived: theirs === 'archived', trashed: false });
      });
    }
  }
});
