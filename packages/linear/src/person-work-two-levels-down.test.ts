// A person's work two levels under the agent's issue P: their sub-issue G, or their comment, on the
// sub-issue C between them. C may be the agent's own (filed by the rolled-back session, by a later one, or
// archived by the agent itself) or a person's. Linear takes a parent's whole sub-issue tree along when it
// archives or trashes it, and empties the trash after 30 days, so the undo of P's creation must see what
// sits under C too: P stays where it is, a conflict, and G is neither archived nor trashed. Read back
// through the person's own LinearClient and the simulator's records, 31 days on.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import type { Clock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const setup = linearRuntimePerTest({ clock }, { clock });
const DAYS_31 = 31 * 24 * 3_600_000;
type Environment = Awaited<ReturnType<typeof setup>>;
type Undo = 'archive' | 'trash';

async function agentFilesEpic({ runtime, simulator }: Environment, undo: Undo) {
  const session = await runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo })) as { id: string };
  return { session, epic };
}

/** The person's sub-issue G under `parentId`, as their own client files it. */
const personFiles = async ({ human, simulator }: Environment, parentId: string, title = 'Interview five customers') =>
  (await (await human.createIssue({ teamId: simulator.seed.teamId, title, parentId })).issue)!;

/** Where the issue stands as the person's own client reads it, 31 days after the rollback (Linear's trash emptied by then). */
async function standsAfter31Days({ human }: Environment, id: string) {
  clock.advance(DAYS_31);
  const issue = await human.issue(id);
  return { archived: issue.archivedAt instanceof Date, trashed: issue.trashed === true };
}

const outcomes = (report: { steps: Array<{ action: string; outcome: string }> }) => report.steps.map((step) => [step.action, step.outcome]);

describe("linear: a person's work two levels under the agent's issue", () => {
  for (const undo of ['archive', 'trash'] as const) {
    it(`their sub-issue under the agent's own sub-issue (same session) keeps both issues (${undo})`, async () => {
      const environment = await setup();
      const { runtime, simulator } = environment;
      const { session, epic } = await agentFilesEpic(environment, undo);
      const sub = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id, undo })) as { id: string };
      await session.end();
      const grandchild = await personFiles(environment, sub.id);

      const report = await runtime.rollback(session.id);

      expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict'], ['linear.issue.create', 'conflict']]);
      expect(report.residue.join('\n')).toContain(`linear.issue:${grandchild.id}`);
      expect(await standsAfter31Days(environment, grandchild.id)).toEqual({ archived: false, trashed: false });
    });

    it(`their sub-issue under a person's sub-issue keeps the agent's issue (${undo})`, async () => {
      const environment = await setup();
      const { runtime } = environment;
      const { session, epic } = await agentFilesEpic(environment, undo);
      await session.end();
      const sub = await personFiles(environment, epic.id, 'Measure checkout drop-off');
      const grandchild = await personFiles(environment, sub.id);

      const report = await runtime.rollback(session.id);

      expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict']]);
      expect(await standsAfter31Days(environment, grandchild.id)).toEqual({ archived: false, trashed: false });
    });

    it(`their sub-issue under the agent's sub-issue from a later session, open, keeps the agent's issue (${undo})`, async () => {
      const environment = await setup();
      const { runtime, simulator } = environment;
      const { session, epic } = await agentFilesEpic(environment, undo);
      await session.end();
      const later = await runtime.startSession({ agentId: 'planner' });
      const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
      await later.end();
      const grandchild = await personFiles(environment, sub.id);

      const report = await runtime.rollback(session.id);

      expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict']]);
      expect(await standsAfter31Days(environment, grandchild.id)).toEqual({ archived: false, trashed: false });
    });

    for (const when of ['before', 'after'] as const) {
      it(`their sub-issue filed ${when} the agent archived its own sub-issue (a later session) keeps the agent's issue, named (${undo})`, async () => {
        const environment = await setup();
        const { runtime, simulator } = environment;
        const { session, epic } = await agentFilesEpic(environment, undo);
        await session.end();
        const later = await runtime.startSession({ agentId: 'planner' });
        const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
        const grandchild = when === 'before' ? await personFiles(environment, sub.id) : undefined;
        await later.run('linear.issue.archive', { id: sub.id });
        await later.end();
        const theirs = grandchild ?? (await personFiles(environment, sub.id));
        // Archived along with the agent's sub-issue (Linear takes the tree along), or open under it: either way theirs.
        const before = { archived: simulator.state.issues.get(theirs.id)?.archivedAt != null, trashed: simulator.state.issues.get(theirs.id)?.trashed === true };

        const report = await runtime.rollback(session.id);

        expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict']]);
        expect(report.residue.join('\n')).toContain(`linear.issue:${theirs.id}`);
        expect({ epicArchived: simulator.state.issues.get(epic.id)?.archivedAt != null }).toEqual({ epicArchived: false });
        expect(await standsAfter31Days(environment, theirs.id)).toEqual(before);
      });
    }
  }

  it("the agent's own sub-issues, archived by a later session two levels deep with nothing of anyone else's: the issue waits for that session's undo, whose rollback then trashes it", async () => {
    const environment = await setup();
    const { runtime, simulator } = environment;
    const { session, epic } = await agentFilesEpic(environment, 'trash');
    await session.end();
    const later = await runtime.startSession({ agentId: 'planner' });
    const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
    await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Export funnel data', parentId: sub.id });
    await later.run('linear.issue.archive', { id: sub.id });
    await later.end();

    // Trashing the issue would take the later session's archived sub-issue along, under its undo (unarchive it, back under the issue).
    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict']]);
    expect(report.steps[0]!.reason).toContain(`session ${later.id}`);
    expect(simulator.state.issues.get(epic.id)?.trashed ?? null).toBeNull();
    expect(simulator.state.issues.get(sub.id)?.trashed ?? null).toBeNull();

    // Rolling the later session back leaves nothing of anyone else's in it: it goes to the trash then.
    const second = await runtime.rollback(later.id);
    expect(second.counts.failed + second.counts.conflicts).toBe(0);
    expect(second.steps.filter((step) => step.sessionId === session.id).map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'verified']]);
    expect(simulator.state.issues.get(epic.id)?.trashed).toBe(true);
  });

  it("their comment on a sub-issue under the agent's own archived sub-issue keeps the agent's issue out of the trash", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, epic } = await agentFilesEpic(environment, 'trash');
    await session.end();
    const later = await runtime.startSession({ agentId: 'planner' });
    const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
    const deeper = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Export funnel data', parentId: sub.id })) as { id: string };
    await later.run('linear.issue.archive', { id: sub.id });
    await later.end();
    const comment = (await (await human.createComment({ issueId: deeper.id, body: 'Funnel export is in the shared drive' })).comment)!;

    const report = await runtime.rollback(session.id);

    expect(outcomes(report)).toEqual([['linear.issue.create', 'conflict']]);
    expect(report.residue.join('\n')).toContain(`linear.comment:${comment.id}`);
    clock.advance(DAYS_31);
    expect(simulator.state.comments.get(comment.id)?.issueId).toBe(deeper.id);
    expect(simulator.state.issues.get(epic.id)?.trashed ?? null).toBeNull();
  });
});
