// A person who closes and reopens the agent's new issue within the second it was opened (GitHub's
// timestamps count whole seconds, so its `updated_at` does not move) decided it stays open: undoing the
// create keeps it open, a conflict naming them. Their activity shows in the issue's events, which carry
// ids and actors, not only timestamps. The clock stands still: every write lands in one second.
// Read back through the person's Octokit, never through the adapter.
import { afterEach, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

async function openedThenReopenedInOneSecond() {
  environment = await startGithubRuntime({ clock: createManualClock(Date.UTC(2026, 5, 1, 9)) });
  const { owner, repo, runtime, human } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const { number: issue_number } = (await session.run('github.issue.create', { owner, repo, title: 'Login fails' })) as { number: number };
  const where = { owner, repo, issue_number };
  const read = async () => {
    const { data } = await human.rest.issues.get(where);
    return { state: data.state, state_reason: data.state_reason };
  };
  return { ...environment, session, where, read, login: environment.simulator.seed.logins.human };
}

const keptLine = (lines: string[]) => lines.find((line) => line.startsWith('github.issue.create')) ?? '';

it("the person's close and reopen in the creation's second keep the issue open, a conflict", async () => {
  const { runtime, human, session, where, read } = await openedThenReopenedInOneSecond();
  await human.rest.issues.update({ ...where, state: 'closed' });
  await human.rest.issues.update({ ...where, state: 'open' });
  await session.end();

  const plan = await runtime.planRollback(session.id);
  expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
  // The issue's fields show the reopen; the engine words a conflict found by value by its fields.
  for (const lines of [plan.residue, report.residue]) expect(keptLine(lines)).toMatch(/reopened/);
});

it('the agent closing it again in that second: its close is undone, the person still named, the issue open', async () => {
  const { runtime, human, session, where, read, login } = await openedThenReopenedInOneSecond();
  await human.rest.issues.update({ ...where, state: 'closed' });
  await human.rest.issues.update({ ...where, state: 'open' });
  await session.run('github.issue.update', { ...where, state: 'closed', state_reason: 'completed' });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['github.issue.update', 'verified'],
    ['github.issue.create', 'conflict'],
  ]);
  expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
  expect(keptLine(report.residue)).toContain(login);
});

it("a label the person put on and took off in that second (no trace in the fields) keeps the issue open, naming them", async () => {
  const { runtime, human, session, where, read, login } = await openedThenReopenedInOneSecond();
  await human.rest.issues.addLabels({ ...where, labels: ['bug'] });
  await human.rest.issues.removeLabel({ ...where, name: 'bug' });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
  expect((await read()).state).toBe('open');
  expect(keptLine(report.residue)).toContain(login);
});

it("the simulator's GraphQL timelineItems lists the issue's events with their REST ids and actors", async () => {
  const { human, where, login } = await openedThenReopenedInOneSecond();
  await human.rest.issues.update({ ...where, state: 'closed' });
  const rest = (await human.rest.issues.listEvents(where)).data;
  const answer = await human.graphql<{ repository: { issue: { timelineItems: { totalCount: number; nodes: { __typename: string; id: string; actor: { login: string } }[] } } } }>(
    `query { repository(owner: "${where.owner}", name: "${where.repo}") { issue(number: ${where.issue_number}) { timelineItems(last: 1, itemTypes: [CLOSED_EVENT, REOPENED_EVENT]) { totalCount nodes { __typename ... on ClosedEvent { id actor { login } } } } } } }`,
  );
  expect(answer.repository.issue.timelineItems).toEqual({ totalCount: 1, nodes: [{ __typename: 'ClosedEvent', id: rest.at(-1)!.node_id, actor: { login } }] });
});
