// A person's work one level down, under the agent's issue: their sub-issue that is archived (Linear's
// `children` leaves archived sub-issues out unless asked), their comment or relation on the agent's own
// sub-issue. The undo of the agent's creation (a trash here, which Linear empties after 30 days) keeps the
// issue their work sits in, a conflict naming it; a sub-issue they trashed themselves is their own choice
// and keeps nothing, nor does the agent's own sub-issue an earlier rollback archived. Read back through the simulator's records and the person's own LinearClient, 31 days on.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import type { Clock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const setup = linearRuntimePerTest({ clock }, { clock });
const DAYS_31 = 31 * 24 * 3_600_000;
type Environment = Awaited<ReturnType<typeof setup>>;

async function agentFilesEpic(environment: Environment) {
  const session = await environment.runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: environment.simulator.seed.teamId, title: 'Checkout redesign', undo: 'trash' })) as { id: string };
  return { session, epic };
}

const trashed = (environment: Environment, id: string) => environment.simulator.state.issues.get(id)?.trashed === true;

describe("linear: a person's work under the agent's issue", () => {
  it("their archived sub-issue keeps the agent's issue out of the trash, named", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, epic } = await agentFilesEpic(environment);
    await session.end();
    const sub = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;
    await human.archiveIssue(sub.id);

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(report.residue.join('\n')).toContain(`linear.issue:${sub.id}`);
    expect(trashed(environment, epic.id)).toBe(false);
    clock.advance(DAYS_31);
    const kept = await human.issue(sub.id);
    expect({ parent: (await kept.parent)?.id, archived: kept.archivedAt instanceof Date }).toEqual({ parent: epic.id, archived: true });
  });

  it('a sub-issue they trashed themselves keeps nothing: the agent’s issue goes to the trash', async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, epic } = await agentFilesEpic(environment);
    await session.end();
    const sub = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;
    await human.deleteIssue(sub.id);

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'verified']]);
    expect(trashed(environment, epic.id)).toBe(true);
  });

  it("the agent's own sub-issue, archived by the rollback of a later session, keeps nothing: the issue goes to the trash", async () => {
    const environment = await setup();
    const { runtime, simulator } = environment;
    const { session, epic } = await agentFilesEpic(environment);
    await session.end();
    const later = await runtime.startSession({ agentId: 'planner' });
    const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
    await later.end();
    expect((await runtime.rollback(later.id)).counts).toMatchObject({ undone: 1, conflicts: 0 });

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'verified']]);
    expect([simulator.state.issues.get(sub.id)?.archivedAt != null, trashed(environment, epic.id)]).toEqual([true, true]);
  });

  for (const work of ['comment', 'relation'] as const) {
    it(`their ${work} on the agent's sub-issue keeps the sub-issue and its parent out of the trash`, async () => {
      const environment = await setup();
      const { runtime, simulator, human } = environment;
      const { session, epic } = await agentFilesEpic(environment);
      const sub = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id, undo: 'trash' })) as { id: string };
      await session.end();
      const theirs =
        work === 'comment'
          ? `linear.comment:${(await (await human.createComment({ issueId: sub.id, body: 'Drop-off is 40% on mobile' })).comment)!.id}`
          : `linear.relation:${(await (await human.createIssueRelation({ issueId: simulator.seed.issues['ENG-1']!, relatedIssueId: sub.id, type: 'blocks' as never })).issueRelation)!.id}`;

      const report = await runtime.rollback(session.id);

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
        ['linear.issue.create', 'conflict'],
        ['linear.issue.create', 'conflict'],
      ]);
      expect(report.residue.join('\n')).toContain(theirs);
      expect([trashed(environment, sub.id), trashed(environment, epic.id)]).toEqual([false, false]);
      clock.advance(DAYS_31);
      expect(simulator.state.issues.get(sub.id)?.parentId).toBe(epic.id);
      expect(inspectable(environment, theirs)).not.toBeNull();
    });
  }
});

const inspectable = ({ simulator }: Environment, key: string) => {
  const [type, id] = key.replace(/^linear\./, '').split(':') as ['comment' | 'relation', string];
  return simulator.inspectResource({ provider: 'linear', type, id });
};
