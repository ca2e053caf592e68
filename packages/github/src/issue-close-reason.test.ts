// An issue's close reason (`state_reason`) comes back with its state: an issue a person closed as not
// planned or as a duplicate, reopened by the agent, is closed again for that reason, not as completed
// (GitHub's reason for a close that names none). A person who closed it again since keeps their reason.
// Read back through a person's Octokit and the simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** An issue a person closed for `reason`, reopened by the agent in a session that ends. */
async function agentReopens(reason: 'not_planned' | 'duplicate') {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Support IE11' })).data;
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: reason });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, state: 'open', state_reason: 'reopened' });
  await session.end();
  const read = async () => {
    const now = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
    return { state: now.state, state_reason: now.state_reason };
  };
  expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
  return { session, number: issue.number, read };
}

it('an issue closed as not planned, reopened by the agent, is closed as not planned again', async () => {
  const { session, read } = await agentReopens('not_planned');
  const report = await environment.runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(await read()).toEqual({ state: 'closed', state_reason: 'not_planned' });
});

it('an issue closed as a duplicate, reopened by the agent, is closed as a duplicate again', async () => {
  const { session, number } = await agentReopens('duplicate');
  const report = await environment.runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(environment.simulator.inspect().issues.get(number)).toMatchObject({ state: 'closed', state_reason: 'duplicate' });
});

it('an issue a person closed as completed after the agent reopened it keeps their reason', async () => {
  const { session, number, read } = await agentReopens('not_planned');
  const { owner, repo, human } = environment;
  await human.rest.issues.update({ owner, repo, issue_number: number, state: 'closed', state_reason: 'completed' });
  await environment.runtime.rollback(session.id);
  expect(await read()).toEqual({ state: 'closed', state_reason: 'completed' });
});

it('the simulator, as GitHub documents, ignores a close reason sent without a change of state', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Support IE11' })).data;
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'not_planned' });
  const answer = (await human.rest.issues.update({ owner, repo, issue_number: issue.number, state_reason: 'completed' })).data;
  expect([answer.state, answer.state_reason]).toEqual(['closed', 'not_planned']);
  await expect(human.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'open', state_reason: 'wontfix' as never })).rejects.toMatchObject({ status: 422 });
});
