// The other side of former-parent-kept: the agent moved a person's sub-issue out of its own issue and
// renamed it; a person then moved the sub-issue somewhere else. The rollback restores the title but keeps
// the person's move, so the sub-issue does not go back under the agent's issue, and nothing keeps that
// issue: the undo of its creation runs, with no conflict naming an issue that is not inside it. Read back
// through the simulator's records.
import { expect, it } from 'vitest';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();

it("archives the agent's issue when the sub-issue moved out of it stays where a person moved it since", async () => {
  const { runtime, simulator, human } = await setup();
  const session = await runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign' })) as { id: string };
  const sub = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic.id })).issue)!;
  await session.run('linear.issue.update', { id: sub.id, parentId: simulator.seed.issues['ENG-1']!, title: 'Interview customers' });
  await session.end();
  // The person decides where their issue belongs: under ENG-2.
  await human.updateIssue(sub.id, { parentId: simulator.seed.issues['ENG-2']! });

  const plan = await runtime.planRollback(session.id);
  const report = await runtime.rollback(session.id);

  expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
    ['linear.issue.update', 'partial'],
    ['linear.issue.create', 'undo'],
  ]);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['linear.issue.update', 'verified'],
    ['linear.issue.create', 'verified'],
  ]);
  const sub_ = simulator.state.issues.get(sub.id)!;
  expect({ title: sub_.title, parentId: sub_.parentId }).toEqual({ title: 'Interview five customers', parentId: simulator.seed.issues['ENG-2'] });
  expect(simulator.state.issues.get(epic.id)!.archivedAt).not.toBeNull();
});
