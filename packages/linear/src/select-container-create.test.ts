// A selective rollback that names only the agent's parent issue: archiving it over what sits inside it
// would leave that behind, so the agent's own sub-issues (linear.issue.create with `parentId`), the
// relations it made on it, and the issues it moved under it come along, pulled in and named; a person's
// sub-issue keeps the parent (a conflict naming the person's work, not the agent's) and is never touched.
// Read back from the simulator's state.
import { expect, it } from 'vitest';
import type { Session } from '@backspace/core';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();

async function agentFilesEpic() {
  const environment = await setup();
  const { runtime, simulator } = environment;
  const session: Session = await runtime.startSession({ agentId: 'planner' });
  const epic = await session.run<{ id: string }>('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign' });
  const entries = await runtime.journal.sessionEntries(session.id);
  const epicAction = entries.filter((entry) => entry.type === 'action.committed').at(-1)!.actionId!;
  const archived = (id: string) => simulator.state.issues.get(id)?.archivedAt != null;
  return { ...environment, session, epic, epicAction, archived };
}

it('brings along the sub-issue the agent created under it, and archives both', async () => {
  const { runtime, simulator, session, epic, epicAction, archived } = await agentFilesEpic();
  const sub = await session.run<{ id: string }>('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id });
  await session.end();

  const plan = await runtime.planRollback(session.id, { select: { actions: [epicAction] } });
  expect(plan.steps.map((step) => [step.resource, step.status])).toEqual([
    [`linear.issue:${sub.id}`, 'undo'],
    [`linear.issue:${epic.id}`, 'undo'],
  ]);
  expect(plan.steps[0]!.pulledIn).toMatch(new RegExp(`sits on linear\\.issue:${epic.id}, which linear\\.issue\\.create`));
  expect(plan.leftOut).toEqual([]);

  const report = await runtime.rollback(session.id, { select: { actions: [epicAction] } });
  expect(report.counts).toMatchObject({ undone: 2, conflicts: 0, failed: 0 });
  expect([archived(epic.id), archived(sub.id)]).toEqual([true, true]);
});

it('with a person’s sub-issue beside the agent’s: undoes the agent’s, keeps the parent and the person’s, and names only theirs', async () => {
  const { runtime, simulator, session, epic, epicAction, archived, human } = await agentFilesEpic();
  const sub = await session.run<{ id: string }>('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id });
  await session.end();
  const personal = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;

  const plan = await runtime.planRollback(session.id, { select: { actions: [epicAction] } });
  const epicStep = plan.steps.find((step) => step.resource === `linear.issue:${epic.id}`)!;
  expect(epicStep).toMatchObject({ status: 'conflict', remedy: 'none' });
  expect(epicStep.reason).toContain(`linear.issue:${personal.id} by someone outside Backspace`);
  // The agent's own sub-issue is neither someone else's work nor something this rollback cannot undo.
  expect(epicStep.reason).not.toContain(sub.id);
  expect(plan.steps.find((step) => step.resource === `linear.issue:${sub.id}`)).toMatchObject({ status: 'undo', pulledIn: expect.stringContaining(epic.id) });

  const report = await runtime.rollback(session.id, { select: { actions: [epicAction] } });
  expect(report.counts).toMatchObject({ undone: 1, conflicts: 1, failed: 0 });
  expect(archived(sub.id), 'the agent’s sub-issue is undone').toBe(true);
  expect(archived(epic.id), 'the parent holding the person’s sub-issue stays').toBe(false);
  expect(archived(personal.id)).toBe(false);
  expect(simulator.state.issues.get(personal.id)?.parentId).toBe(epic.id);
});

it('brings along a relation the agent made on it, deleted before the issue is archived', async () => {
  const { runtime, simulator, session, epic, epicAction, archived } = await agentFilesEpic();
  const other = simulator.seed.issues['ENG-1']!;
  const relation = await session.run<{ id: string }>('linear.relation.create', { issueId: epic.id, relatedIssueId: other, type: 'blocks' });
  await session.end();

  const plan = await runtime.planRollback(session.id, { select: { actions: [epicAction] } });
  expect(plan.steps.map((step) => [step.action, step.status, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
    ['linear.relation.create', 'undo', 'pulled in'],
    ['linear.issue.create', 'undo', 'chosen'],
  ]);
  const report = await runtime.rollback(session.id, { select: { actions: [epicAction] } });
  expect(report.counts).toMatchObject({ undone: 2, conflicts: 0, failed: 0 });
  expect(simulator.state.relations.has(relation.id)).toBe(false);
  expect([archived(epic.id), archived(other)]).toEqual([true, false]);
});

it('brings along the move of a person’s issue the agent put under it: the issue goes back, never archived', async () => {
  const { runtime, simulator, session, epic, epicAction, archived } = await agentFilesEpic();
  const moved = simulator.seed.issues['ENG-2']!;
  const formerParent = simulator.state.issues.get(moved)!.parentId ?? null;
  await session.run('linear.issue.update', { id: moved, parentId: epic.id });
  await session.end();

  const plan = await runtime.planRollback(session.id, { select: { actions: [epicAction] } });
  expect(plan.steps.map((step) => [step.action, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
    ['linear.issue.update', 'pulled in'],
    ['linear.issue.create', 'chosen'],
  ]);
  const report = await runtime.rollback(session.id, { select: { actions: [epicAction] } });
  expect(simulator.state.issues.get(moved)?.parentId ?? null).toBe(formerParent);
  expect(archived(moved)).toBe(false);
  // The move's undo takes the issue out of the epic first: the epic holds nothing of anyone's, and goes.
  const epicStep = report.steps.find((step) => step.action === 'linear.issue.create')!;
  expect(epicStep.outcome, epicStep.reason).toBe('verified');
  expect(archived(epic.id)).toBe(true);
});
