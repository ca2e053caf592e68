// A person builds on the agent's issue while its rollback runs. The agent filed an issue and then raised its
// priority; the rollback puts the priority back first, then archives (or trashes) the issue. While the
// priority's restore is slow at Linear (two seconds), a person files a sub-issue under the issue, attaches
// their pull request to it, or comments on it. Linear takes a parent's sub-issues along when it archives or
// trashes it. Expected: the issue stays where it is, a conflict
// naming their work, and their sub-issue is neither archived nor trashed. Read back through the simulator's
// records and the person's own LinearClient.
import { describe, expect, it } from 'vitest';
import { linearRuntimePerTest, whileMutationIsHeld } from './test-support.js';

const setup = linearRuntimePerTest();
type Environment = Awaited<ReturnType<typeof setup>>;

/** Runs `meanwhile` when the rollback's `name` mutation (the priority's restore) reaches Linear, and holds that request two seconds. */
const slowPriorityRestore = ({ simulator }: Environment, meanwhile: () => Promise<string>, name = 'issueUpdate') => whileMutationIsHeld(simulator, name, meanwhile);

const builds = {
  'a sub-issue': async ({ simulator, human }: Environment, epic: string) => `linear.issue:${(await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic })).issue)!.id}`,
  'an attachment': async ({ human }: Environment, epic: string) => `linear.attachment:${(await (await human.attachmentLinkURL(epic, 'https://github.com/acme/shop/pull/42')).attachment)!.id}`,
  'a comment': async ({ human }: Environment, epic: string) => `linear.comment:${(await (await human.createComment({ issueId: epic, body: 'Mobile drop-off is 40%' })).comment)!.id}`,
};

describe("linear: a person builds on the agent's issue while the rollback runs", () => {
  for (const undo of ['archive', 'trash'] as const) {
    for (const [what, build] of Object.entries(builds)) {
      it(`keeps the issue (${undo}) when they add ${what} during a slow earlier step`, async () => {
        const environment = await setup();
        const { runtime, simulator } = environment;
        const session = await runtime.startSession({ agentId: 'planner' });
        const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo })) as { id: string };
        await session.run('linear.issue.update', { id: epic.id, priority: 1 });
        await session.end();
        const built = slowPriorityRestore(environment, () => build(environment, epic.id));

        const report = await runtime.rollback(session.id);
        const theirs = await built();

        expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
          ['linear.issue.update', 'verified'],
          ['linear.issue.create', 'conflict'],
        ]);
        expect(report.residue.join('\n')).toContain(theirs);
        const issue = simulator.state.issues.get(epic.id)!;
        expect({ archived: issue.archivedAt !== null, trashed: issue.trashed === true, priority: issue.priority }).toEqual({ archived: false, trashed: false, priority: 0 });
        if (theirs.startsWith('linear.issue:')) {
          const sub = await environment.human.issue(theirs.slice('linear.issue:'.length));
          expect({ parent: (await sub.parent)?.id, archived: sub.archivedAt !== undefined && sub.archivedAt !== null, trashed: sub.trashed === true }).toEqual({ parent: epic.id, archived: false, trashed: false });
        }
      });
    }
  }

  // After the engine's last look (planning, or its re-check of a stale plan): the person's work arrives
  // while the archive itself is on its way. Linear archives a parent's sub-issues along; the archive's own
  // answer lists what sits on the issue, and the undo puts the issue (and what went with it) back at once.
  for (const [what, build] of Object.entries(builds)) {
    it(`puts the issue back when they add ${what} while the archive is sent`, async () => {
      const environment = await setup();
      const { runtime, simulator } = environment;
      const session = await runtime.startSession({ agentId: 'planner' });
      const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign' })) as { id: string };
      await session.end();
      const built = slowPriorityRestore(environment, () => build(environment, epic.id), 'issueArchive');

      const report = await runtime.rollback(session.id);
      const theirs = await built();

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
      expect(report.residue.join('\n')).toContain(theirs);
      expect(simulator.state.issues.get(epic.id)!.archivedAt).toBeNull();
      if (theirs.startsWith('linear.issue:')) expect(simulator.state.issues.get(theirs.slice('linear.issue:'.length))!.archivedAt).toBeNull();
    });
  }
});
