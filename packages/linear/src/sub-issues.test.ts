// A sub-issue sits inside its parent: a person's sub-issue under the agent's issue is work built on it,
// so the rollback keeps the parent (a conflict, named) instead of archiving it over their sub-issue;
// the agent's own sub-issues are undone first and keep nothing. Read back from the simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startLinearRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

async function agentFilesEpic() {
  environment = await startLinearRuntime();
  const session = await environment.runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: environment.simulator.seed.teamId, title: 'Checkout redesign' })) as { id: string };
  return { ...environment, session, epic };
}

const archived = (id: string) => environment!.simulator.state.issues.get(id)?.archivedAt != null;

it("keeps the agent's issue a person put a sub-issue under, and names it", async () => {
  const { runtime, session, epic, human, simulator } = await agentFilesEpic();
  await session.end();
  const sub = await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })).issue;

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
  expect([archived(epic.id), archived(sub!.id)]).toEqual([false, false]);
  expect(simulator.state.issues.get(sub!.id)?.parentId).toBe(epic.id);
});

it("archives the agent's issue whose only sub-issue is the agent's own, undone first", async () => {
  const { runtime, session, epic, simulator } = await agentFilesEpic();
  const sub = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Measure checkout drop-off', parentId: epic.id })) as { id: string };
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  expect([archived(epic.id), archived(sub.id)]).toEqual([true, true]);
});
