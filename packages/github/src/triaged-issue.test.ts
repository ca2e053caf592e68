// A person who triages the issue the agent opened (assigns it, labels it) has taken it on: the rollback
// keeps it open and names it, as it does for a person's edit of its title or body. The agent's own later
// edits and labels, undone first by the same rollback, are no one else's. Read back through a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

async function agentOpensIssue() {
  environment = await startGithubRuntime();
  const { owner, repo, runtime } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const issue = (await session.run('github.issue.create', { owner, repo, title: 'Checkout times out', labels: ['bug'] })) as { number: number };
  return { ...environment, session, issue };
}

it.each([
  ['assigned it to themselves', 'assignees'],
  ['labelled it', 'labels'],
])("keeps open the agent's issue a person %s since, named as a conflict", async (_what, field) => {
  const { owner, repo, runtime, session, issue, human, simulator } = await agentOpensIssue();
  await session.end();
  if (field === 'assignees') await human.rest.issues.addAssignees({ owner, repo, issue_number: issue.number, assignees: [simulator.seed.logins.human] });
  else await human.rest.issues.addLabels({ owner, repo, issue_number: issue.number, labels: ['documentation'] });

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.issue.create', 'conflict']]);
  expect(report.residue.join('\n')).toMatch(field === 'labels' ? /label:documentation/ : /assignees/);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.state).toBe('open');
});

it("closes the agent's issue it assigned itself later, that assignment undone first", async () => {
  const { owner, repo, runtime, session, issue, human, simulator } = await agentOpensIssue();
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, assignees: [simulator.seed.logins.agent] });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  const after = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect([after.state, after.assignees]).toEqual(['closed', []]);
});

it("closes the agent's issue whose only later label is the agent's own, taken off first", async () => {
  const { owner, repo, runtime, session, issue, human } = await agentOpensIssue();
  await session.run('github.labels.add', { owner, repo, issue_number: issue.number, labels: ['documentation'] });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  const after = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect([after.state, after.labels.map((label) => (typeof label === 'string' ? label : label.name))]).toEqual(['closed', ['bug']]);
});
