// A person's sub-issue they had put away in the archive, under an issue the agent then moved to the trash
// (fuzzer seed 34400005). Linear takes a parent's sub-issues along into the trash, and its schema does not
// say where restoring the parent leaves those that were archived before (the simulator takes the harsher
// reading: the restore brings them all back). The rollback's restore of the issue must leave the person's
// sub-issue archived, as they left it; the same for an issue the agent archived. Read back through the simulator's records and the person's own
// LinearClient.
import { expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

for (const action of ['linear.issue.delete', 'linear.issue.archive'] as const) it(`restores the issue the agent put away (${action}) and leaves the person's archived sub-issue in the archive`, async () => {
  const { runtime, simulator, human } = await setup();
  const parentId = simulator.seed.issues['ENG-2']!;
  const filed = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Old spike, parked', parentId })).issue)!;
  await human.archiveIssue(filed.id);
  const active = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Still open', parentId })).issue)!;

  const session = await runtime.startSession({ agentId: 'agent' });
  await session.run(action, { id: parentId });
  await session.end();
  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([[action, 'verified']]);

  const parent = simulator.state.issues.get(parentId)!;
  expect({ archived: parent.archivedAt !== null, trashed: parent.trashed === true }).toEqual({ archived: false, trashed: false });
  const parked = simulator.state.issues.get(filed.id)!;
  expect({ archived: parked.archivedAt !== null, trashed: parked.trashed === true }).toEqual({ archived: true, trashed: false });
  // The person's sub-issue that was open comes back open with its parent.
  const open = await human.issue(active.id);
  expect({ archivedAt: open.archivedAt ?? null, trashed: open.trashed ?? false }).toEqual({ archivedAt: null, trashed: false });
});

it("archives the person's sub-issue again when the restore landed and the re-archive failed: the retried undo finds the issue restored", async () => {
  const { runtime, simulator, human } = await setup();
  const parentId = simulator.seed.issues['ENG-2']!;
  const filed = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Old spike, parked', parentId })).issue)!;
  await human.archiveIssue(filed.id);
  const session = await runtime.startSession({ agentId: 'agent' });
  await session.run('linear.issue.delete', { id: parentId });
  await session.end();
  // The undo's archive of the sub-issue is refused once (Linear's 500), after its restore of the parent landed.
  simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', times: 1, when: mutation('issueArchive') });

  await runtime.rollback(session.id);

  const parked = simulator.state.issues.get(filed.id)!;
  expect({ archived: parked.archivedAt !== null, trashed: parked.trashed === true }).toEqual({ archived: true, trashed: false });
  expect(simulator.state.issues.get(parentId)!.archivedAt).toBeNull();
});

// The trash's answer lost: the write is found by the issue standing in the trash, and which sub-issues were
// away before it is read there too, so the restore still leaves the person's sub-issue archived.
it("leaves the person's archived sub-issue in the archive when the agent's trash lost its answer", async () => {
  const { runtime, simulator, human } = await setup();
  const parentId = simulator.seed.issues['ENG-2']!;
  const filed = (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Old spike, parked', parentId })).issue)!;
  await human.archiveIssue(filed.id);
  simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'drop-after-commit', when: mutation('issueDelete') });
  const session = await runtime.startSession({ agentId: 'agent' });
  await session.run('linear.issue.delete', { id: 'ENG-2' }).catch(() => undefined);
  simulator.faults.clear();
  await session.end();
  expect(simulator.state.issues.get(parentId)!.trashed).toBe(true);

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.delete', 'verified']]);
  expect(simulator.state.issues.get(parentId)!.archivedAt).toBeNull();
  const parked = simulator.state.issues.get(filed.id)!;
  expect({ archived: parked.archivedAt !== null, trashed: parked.trashed === true }).toEqual({ archived: true, trashed: false });
});
