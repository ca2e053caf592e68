// A person who takes the agent's label off and puts it back made the label theirs: the rollback keeps
// it (a conflict naming them) instead of taking it off again. GitHub's answer to adding labels names no
// version (`updated_at`) of the issue, so the person's change can only be told from the agent's by the
// issue's events. The clock moves on between writes as between people's clicks. Read back through the
// person's Octokit, never through the adapter.
import { afterEach, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

async function agentLabels() {
  const clock = createManualClock(Date.UTC(2026, 5, 1, 9));
  environment = await startGithubRuntime({ clock });
  const { owner, repo, runtime, human } = environment;
  const where = { owner, repo, issue_number: environment.simulator.seed.issueNumber };
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  clock.advance(5_000);
  await session.run('github.labels.add', { ...where, labels: ['enhancement', 'documentation'] });
  await session.end();
  const labels = async () => (await human.rest.issues.listLabelsOnIssue(where)).data.map((label) => label.name).sort();
  return { ...environment, clock, session, where, labels };
}

it("keeps the label a person took off and put back, and takes off the agent's other label", async () => {
  const { runtime, human, clock, session, where, labels } = await agentLabels();
  clock.advance(5_000);
  await human.rest.issues.removeLabel({ ...where, name: 'enhancement' });
  clock.advance(5_000);
  await human.rest.issues.addLabels({ ...where, labels: ['enhancement'] });

  const plan = await runtime.planRollback(session.id);
  expect(plan.steps.map((step) => step.status)).toEqual(['partial']);
  expect(plan.steps[0]!.reason).toContain(environment.simulator.seed.logins.human);
  const report = await runtime.rollback(session.id);
  expect(await labels()).toEqual(['bug', 'enhancement']);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
});

it('takes both labels off when nobody touched the issue since, without reading its events', async () => {
  const { runtime, simulator, session, labels } = await agentLabels();
  simulator.log.clear();
  const report = await runtime.rollback(session.id);
  expect(simulator.log.entries().filter((entry) => entry.path.endsWith('/events'))).toEqual([]);
  expect(await labels()).toEqual(['bug']);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
});
