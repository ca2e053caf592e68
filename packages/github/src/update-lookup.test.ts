// An issue update whose answer was lost, that a person partly changed since, is still found as the
// agent's by the events GitHub records of it (its own login renamed or assigned since the attempt): the
// rollback takes back what is still the agent's and keeps what the person changed. Read back through a
// person's Octokit.
import { afterEach, expect, it } from 'vitest';
import type { GithubSimulator } from './simulator/index.js';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** The agent's next update of the issue at `path` never arrives (`reset`) or lands with its answer lost, and its reads after fail a while: planning settles it. */
function loseNextUpdate(simulator: GithubSimulator, path: string, kind: 'reset' | 'drop-after-commit', failedReads = 20): void {
  simulator.faults.inject({ method: 'PATCH', path, kind, times: kind === 'reset' ? 2 : 1 });
  simulator.faults.inject({ method: 'GET', path, when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: failedReads });
}

it('an update landed with its answers lost, its title changed by a person since, is undone where still the agent’s', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Checkout flakes on Fridays' })).data;
  // The update lands, its answer is lost, and the lookup in the call fails: planning settles it.
  loseNextUpdate(simulator, `/repos/${owner}/${repo}/issues/${issue.number}`, 'drop-after-commit');
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, title: 'Checkout 500s (triaged)', assignees: ['backspace-agent'] }).catch(() => undefined);
  await session.end();
  simulator.faults.clear();
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, title: 'Checkout 500s on Fridays only' });

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.action)).toEqual(['github.issue.update']);
  const now = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect({ title: now.title, assignees: now.assignees?.map((user) => user.login) }).toEqual({ title: 'Checkout 500s on Fridays only', assignees: [] });
});

it('an update that never reached GitHub is not taken for the agent’s when a person made the same change since: their close stays', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Checkout flakes on Fridays' })).data;
  // The update never arrives, and the lookup in the call fails: planning settles it.
  loseNextUpdate(simulator, `/repos/${owner}/${repo}/issues/${issue.number}`, 'reset');
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' }).catch(() => undefined);
  await session.end();
  simulator.faults.clear();
  // Seeing the bot fail, a person closes it by hand.
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, state: 'closed', state_reason: 'completed' });

  await runtime.rollback(session.id);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.state).toBe('closed');
});

it('an update of the body that never reached GitHub, the same body then written by a person, keeps their body (fuzzer seed 30017159)', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Totals are off', body: 'Totals ignore the discount column.' })).data;
  loseNextUpdate(simulator, `/repos/${owner}/${repo}/issues/${issue.number}`, 'reset');
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const sent = { title: 'Totals skip discounts', body: 'Repro: apply a discount code, then open the invoice.' };
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, ...sent }).catch(() => undefined);
  await session.end();
  simulator.faults.clear();
  // Seeing the bot fail, a person writes the same title and body by hand. GitHub names no event for a
  // body edit; its last editor (GraphQL) is the person.
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, ...sent });

  await runtime.rollback(session.id);
  const now = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect({ title: now.title, body: now.body }).toEqual(sent);
});

it('an update of the body that landed, a person renaming the issue since, still has its body undone: its last editor is the agent', async () => {
  environment = await startGithubRuntime({});
  const { owner, repo, runtime, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Totals are off', body: 'Totals ignore the discount column.' })).data;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, body: 'Repro: apply a discount code, then open the invoice.' });
  await session.end();
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, title: 'Totals are off with discounts' });

  await runtime.rollback(session.id);
  const now = (await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data;
  expect({ title: now.title, body: now.body }).toEqual({ title: 'Totals are off with discounts', body: 'Totals ignore the discount column.' });
});

it('an update that never reached GitHub, done by a person by hand, then written over by the agent: undoing the agent leaves the person’s body (fuzzer seed 30021109)', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Totals are off', body: 'Totals ignore the discount column.' })).data;
  loseNextUpdate(simulator, `/repos/${owner}/${repo}/issues/${issue.number}`, 'reset', 4);
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, body: 'Repro: apply a discount code.' }).catch(() => undefined);
  simulator.faults.clear();
  await human.rest.issues.update({ owner, repo, issue_number: issue.number, body: 'Repro: apply a discount code.' });
  // The agent writes the issue again: its pre-state holds the person's body.
  await session.run('github.issue.update', { owner, repo, issue_number: issue.number, body: 'Repro: apply a discount code, then open the invoice.' });
  await session.end();

  const report = await runtime.rollback(session.id);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.body).toBe('Repro: apply a discount code.');
  expect(report.residue.join('\n')).toMatch(/github\.issue\.update.*outcome unknown: the journal's next write/);

  // Rolled back again, the issue holds the body the lost update sent, put back by the first rollback: that
  // is no sign it landed.
  const again = await runtime.rollback(session.id);
  expect((await human.rest.issues.get({ owner, repo, issue_number: issue.number })).data.body).toBe('Repro: apply a discount code.');
  expect(again.residue.join('\n')).toMatch(/github\.issue\.update.*outcome unknown: a rollback has written/);
});
