// The agent's own sub-issue (filed by a later session on the same API key, never rolled back) that a
// person put away or built on: they commented on it and archived it, or only archived it, or commented
// after the agent archived it itself. Linear takes a parent's sub-issues along when it trashes it, and
// empties the trash after 30 days, so undoing the agent's epic must not reach the sub-issue: a conflict
// naming it, the epic left where it is, the person's comment still there 31 days on. Only the agent's own
// archive with nothing of anyone else's on it keeps nothing (person-work-under-agent-issue.test.ts).
// Read back through the simulator's records and the person's own LinearClient.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import type { Clock } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const setup = linearRuntimePerTest({ clock }, { clock });
const DAYS_31 = 31 * 24 * 3_600_000;
type Environment = Awaited<ReturnType<typeof setup>>;

/** Session A files the epic; session B (same agent, same key) files a sub-issue under it and ends, not rolled back. */
async function epicWithLaterSubIssue({ runtime, simulator }: Environment, undo: 'archive' | 'trash', archivedByAgent = false) {
  const first = await runtime.startSession({ agentId: 'planner' });
  const epic = (await first.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign', undo })) as { id: string };
  await first.end();
  const later = await runtime.startSession({ agentId: 'planner' });
  const sub = (await later.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
  if (archivedByAgent) await later.run('linear.issue.archive', { id: sub.id });
  await later.end();
  return { session: first, epic, sub };
}

/** The epic, untouched: neither in the trash nor in the archive. */
const untouched = ({ simulator }: Environment, id: string) => ({ archived: simulator.state.issues.get(id)?.archivedAt != null, trashed: simulator.state.issues.get(id)?.trashed === true });

describe("linear: a person's work on the agent's own archived sub-issue", () => {
  for (const undo of ['trash', 'archive'] as const) {
    for (const commented of [true, false]) {
      it(`keeps the agent's epic (${undo}) when a person ${commented ? 'commented on and ' : ''}archived its sub-issue from a later session`, async () => {
        const environment = await setup();
        const { runtime, human } = environment;
        const { session, epic, sub } = await epicWithLaterSubIssue(environment, undo);
        const comment = commented ? (await (await human.createComment({ issueId: sub.id, body: 'Drop-off is 40% on mobile' })).comment)! : null;
        await human.archiveIssue(sub.id);

        const report = await runtime.rollback(session.id);

        expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
        expect(report.residue.join('\n')).toContain(`linear.issue:${sub.id}`);
        if (comment) expect(report.residue.join('\n')).toContain(`linear.comment:${comment.id} by someone outside Backspace`);
        expect(untouched(environment, epic.id)).toEqual({ archived: false, trashed: false });
        clock.advance(DAYS_31);
        const kept = await human.issue(sub.id);
        expect({ parent: (await kept.parent)?.id, archived: kept.archivedAt instanceof Date, trashed: kept.trashed === true }).toEqual({ parent: epic.id, archived: true, trashed: false });
        if (comment) expect((await human.comment({ id: comment.id })).body).toBe('Drop-off is 40% on mobile');
      });
    }
  }

  it("keeps the agent's epic when a person commented on the sub-issue the agent archived itself", async () => {
    const environment = await setup();
    const { runtime, human, simulator } = environment;
    const { session, epic, sub } = await epicWithLaterSubIssue(environment, 'trash', true);
    const comment = (await (await human.createComment({ issueId: sub.id, body: 'Still needed for the Q3 review' })).comment)!;

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(report.residue.join('\n')).toContain(`linear.issue:${sub.id}`);
    expect(report.residue.join('\n')).toContain(`linear.comment:${comment.id} by someone outside Backspace`);
    expect(untouched(environment, epic.id)).toEqual({ archived: false, trashed: false });
    clock.advance(DAYS_31);
    expect(simulator.state.comments.get(comment.id)?.issueId).toBe(sub.id);
  });
});
