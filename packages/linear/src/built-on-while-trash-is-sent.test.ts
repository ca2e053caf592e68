// A person builds on the agent's issue while the trash that undoes its creation (`undo: 'trash'`) is on its
// way to Linear, after the rollback's last look. Linear takes a parent's sub-issues along when it trashes
// it, and deletes them for good 30 days on. Expected: the undo puts the issue back from the trash at once,
// a conflict naming their work; their sub-issue is in neither the trash nor the archive. And where the
// rollback never gets to put it back, the one after does not count the step undone while their
// sub-issue lies in the trash with the agent's issue. Read back through the simulator's records and the
// person's own LinearClient, never through the adapter.
import { describe, expect, it } from 'vitest';
import { linearRuntimePerTest, mutation, whileMutationIsHeld } from './test-support.js';

const setup = linearRuntimePerTest();
type Environment = Awaited<ReturnType<typeof setup>>;

/** The agent files an issue, undone by a trash, in a session of its own, ended. */
async function agentIssue({ runtime, simulator }: Environment) {
  const session = await runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo: 'trash' })) as { id: string };
  await session.end();
  return { session, epic };
}

const builds = {
  'a sub-issue': async ({ simulator, human }: Environment, epic: string) => `linear.issue:${(await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic })).issue)!.id}`,
  'an attachment': async ({ human }: Environment, epic: string) => `linear.attachment:${(await (await human.attachmentLinkURL(epic, 'https://github.com/acme/shop/pull/42')).attachment)!.id}`,
  'a comment': async ({ human }: Environment, epic: string) => `linear.comment:${(await (await human.createComment({ issueId: epic, body: 'Mobile drop-off is 40%' })).comment)!.id}`,
};

/** Holds the agent's trash at Linear for two seconds while the person builds on the issue; resolves to the key of their work. */
const whileTrashIsSent = ({ simulator }: Environment, build: () => Promise<string>) => whileMutationIsHeld(simulator, 'issueDelete', build);

/** Where the person's sub-issue stands, as their own client reads it. */
async function theirSubIssue({ human }: Environment, key: string) {
  const sub = await human.issue(key.slice('linear.issue:'.length));
  return { parent: (await sub.parent)?.id, archived: sub.archivedAt instanceof Date, trashed: sub.trashed === true };
}

const standing = ({ simulator }: Environment, id: string) => {
  const issue = simulator.state.issues.get(id)!;
  return { archived: issue.archivedAt !== null, trashed: issue.trashed === true };
};

describe("linear: a person builds on the agent's issue while its trash is sent", () => {
  for (const [what, build] of Object.entries(builds)) {
    it(`puts the issue back from the trash when they add ${what}, and names it`, async () => {
      const environment = await setup();
      const { runtime } = environment;
      const { session, epic } = await agentIssue(environment);
      const built = whileTrashIsSent(environment, () => build(environment, epic.id));

      const report = await runtime.rollback(session.id);
      const theirs = await built();

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
      expect(report.counts.undone).toBe(0);
      expect(report.residue.join('\n')).toContain(theirs);
      expect(standing(environment, epic.id)).toEqual({ archived: false, trashed: false });
      if (theirs.startsWith('linear.issue:')) expect(await theirSubIssue(environment, theirs)).toEqual({ parent: epic.id, archived: false, trashed: false });
    });
  }

  // The rollback archives the agent's own sub-issue first (its creation is newer), then trashes the epic,
  // which takes the archived sub-issue along into the trash. Putting the epic back must not bring the
  // agent's sub-issue into the open again: the report counts its undo done.
  it("leaves the agent's own sub-issue archived, as its undo left it, when it puts the issue back", async () => {
    const environment = await setup();
    const { runtime, simulator } = environment;
    const session = await runtime.startSession({ agentId: 'planner' });
    const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo: 'trash' })) as { id: string };
    const own = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
    await session.end();
    const built = whileTrashIsSent(environment, () => builds['a sub-issue'](environment, epic.id));

    const report = await runtime.rollback(session.id);
    const theirs = await built();

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['linear.issue.create', 'verified'],
      ['linear.issue.create', 'conflict'],
    ]);
    expect(report.residue.join('\n')).toContain(theirs);
    expect([standing(environment, own.id), standing(environment, epic.id)]).toEqual([
      { archived: true, trashed: false },
      { archived: false, trashed: false },
    ]);
    expect(await theirSubIssue(environment, theirs)).toEqual({ parent: epic.id, archived: false, trashed: false });
  });

  it('cannot put the issue back however often it tries: the next rollback does not count it undone, and names their sub-issue', async () => {
    const environment = await setup();
    const { runtime, simulator } = environment;
    const { session, epic } = await agentIssue(environment);
    const built = whileTrashIsSent(environment, () => builds['a sub-issue'](environment, epic.id));
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'reset', times: Infinity, when: mutation('issueUnarchive') });

    const first = await runtime.rollback(session.id);
    const theirs = await built();
    simulator.faults.clear();
    // As the first rollback left it: the agent's issue in the trash, the person's sub-issue taken along.
    expect(standing(environment, epic.id)).toEqual({ archived: true, trashed: true });
    expect((await theirSubIssue(environment, theirs)).trashed).toBe(true);
    const second = await runtime.rollback(session.id);

    expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'failed']]);
    expect(second.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(second.residue.join('\n')).toContain(theirs);
    for (const report of [first, second]) expect(report.counts.undone).toBe(0);
  });
});
