// Another agent session's write after this one's is that session's, even when it puts back the very
// value this session left and the provider's history names the same token for both: the rollback keeps
// it, and says whose it is. Read back through the simulator's state and a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

it('an issue another session closed again, after a person reopened the one this session closed, stays closed', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Checkout flakes on Fridays' })).data;

  const first = await runtime.startSession({ agentId: 'triage-bot' });
  await first.run('github.issue.update', { owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'not_planned' });
  await first.end();
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'open' });
  const second = await runtime.startSession({ agentId: 'triage-bot' });
  await second.run('github.issue.update', { owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'not_planned' });
  await second.end();

  const report = await runtime.rollback(first.id);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.state).toBe('closed');
  const step = report.steps.find((candidate) => candidate.action === 'github.issue.update')!;
  expect(step.outcome).not.toBe('undone');
  expect(JSON.stringify(report)).toContain(second.id);
});

it('an issue this session opened, whose title another session set back after a person changed it, is not closed', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const first = await runtime.startSession({ agentId: 'triage-bot' });
  const opened = await first.run('github.issue.create', { owner, repo, title: 'Checkout flakes on Fridays' });
  await first.end();
  await human.rest.issues.update({ owner, repo, issue_number: opened.number, title: 'Checkout flakes (seen twice)' });
  const second = await runtime.startSession({ agentId: 'triage-bot' });
  await second.run('github.issue.update', { owner, repo, issue_number: opened.number, title: 'Checkout flakes on Fridays' });
  await second.end();

  const report = await runtime.rollback(first.id);
  const now = (await human.rest.issues.get({ owner, repo, issue_number: opened.number })).data;
  expect({ state: now.state, title: now.title }).toEqual({ state: 'open', title: 'Checkout flakes on Fridays' });
  expect(JSON.stringify(report)).toContain(second.id);
});

it('without another session at work, the rollback undoes as before: no other session, nothing kept', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Checkout flakes on Fridays' })).data;
  const first = await runtime.startSession({ agentId: 'triage-bot' });
  await first.run('github.issue.update', { owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'not_planned' });
  await first.end();
  await runtime.rollback(first.id);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.state).toBe('open');
});

it('a comment whose create answer was lost, then edited by another session, is found by its key and kept as that session’s', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Release notes' })).data;
  const path = `/repos/${owner}/${repo}/issues/${issue.number}/comments`;
  // The answer is lost and the lookup in the call fails: the write stays unsettled until planning.
  simulator.faults.inject({ method: 'POST', path, kind: 'drop-after-commit' });
  simulator.faults.inject({ method: 'GET', path, kind: 'server-error', status: 503, times: 20 });
  const first = await runtime.startSession({ agentId: 'notes-bot' });
  await first.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'Draft notes' }).catch(() => undefined);
  await first.end();
  simulator.faults.clear();
  const [comment] = (await human.rest.issues.listComments({ owner, repo, issue_number: issue.number })).data;
  const second = await runtime.startSession({ agentId: 'editor-bot' });
  await second.run('github.issue.comment.update', { owner, repo, comment_id: comment!.id, body: 'Final notes, reviewed' });
  await second.end();

  const report = await runtime.rollback(first.id);
  expect(report.steps.map((step) => [step.action, step.status]), JSON.stringify(report.residue)).toEqual([['github.issue.comment.create', 'conflict']]);
  const kept = (await human.rest.issues.getComment({ owner, repo, comment_id: comment!.id })).data;
  expect(kept.body).toContain('Final notes, reviewed');
});
