// A pull request is also an issue: the same number through the issues API (its title, body, state and
// labels). An agent that opens a pull request and then edits it as an issue wrote one object twice; an
// agent that edits a person's pull request as an issue edits their pull request. Read back through a
// person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** A branch with a person's commit on it, ready to be proposed. */
async function branchWithCommit(name: string) {
  const { owner, repo, simulator, human } = environment;
  await human.rest.git.createRef({ owner, repo, ref: `refs/heads/${name}`, sha: simulator.inspect().git.refs.get('refs/heads/main')! });
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: `docs/${name}.md`, branch: name, message: name, content: Buffer.from(`${name}\n`).toString('base64') });
}

/** The agent's session opening a pull request from a branch holding a person's commit (the session is left open). */
async function agentOpensPull(branch: string, title: string) {
  const { owner, repo, runtime } = environment;
  await branchWithCommit(branch);
  const session = await runtime.startSession({ agentId: 'release-bot' });
  const pull = await session.run('github.pull.create', { owner, repo, title, head: branch, base: 'main' });
  return { session, pull };
}

it('a pull request the agent opened, then retitled and closed as an issue, is closed with its first title back', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const { session, pull } = await agentOpensPull('tidy', 'Tidy up');
  await session.run('github.issue.update', { owner, repo, issue_number: pull.number, title: 'Tidy up (ready)' });
  await session.run('github.issue.update', { owner, repo, issue_number: pull.number, state: 'closed' });
  await session.end();

  const report = await runtime.rollback(session.id);
  // Planned against the state the issue updates' undos leave (open, first title), the pull request is
  // closed after them; planned apart, it read as closed already and was reopened by the state's undo.
  const { data: read } = await human.rest.pulls.get({ owner, repo, pull_number: pull.number });
  expect([read.state, read.title]).toEqual(['closed', 'Tidy up']);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['github.issue.update', 'verified'],
    ['github.issue.update', 'verified'],
    ['github.pull.create', 'verified'],
  ]);
});

it('a person’s pull request whose body the agent’s lost update never reached, then written the same by the person, keeps their body', async () => {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, runtime, human, simulator } = environment;
  await branchWithCommit('docs');
  const { data: pull } = await human.rest.pulls.create({ owner, repo, title: 'Docs', head: 'docs', base: 'main', body: 'First draft.' });
  const path = `/repos/${owner}/${repo}/issues/${pull.number}`;
  simulator.faults.inject({ method: 'PATCH', path, kind: 'reset', times: 2 });
  simulator.faults.inject({ method: 'GET', path, when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 20 });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: pull.number, body: 'Ready for review.' }).catch(() => undefined);
  await session.end();
  simulator.faults.clear();
  // The person writes the same body on their pull request; its last editor (GraphQL) is the person.
  await human.rest.pulls.update({ owner, repo, pull_number: pull.number, body: 'Ready for review.' });

  await runtime.rollback(session.id);
  expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.body).toBe('Ready for review.');
});

it('a pull request the agent opened that a person closed and reopened stays open, named', async () => {
  // GitHub's clock, moved on by hand: the person's edits come a few seconds later (updated_at counts
  // whole seconds, and a rollback reads the events only once it moved).
  let now = Date.now();
  environment = await startGithubRuntime({ clock: { now: () => now, sleep: async (ms) => void (now += ms) } });
  const { owner, repo, runtime, human } = environment;
  const { session, pull } = await agentOpensPull('keep', 'Keep me');
  await session.end();
  now += 5_000;
  await human.rest.pulls.update({ owner, repo, pull_number: pull.number, state: 'closed' });
  await human.rest.pulls.update({ owner, repo, pull_number: pull.number, state: 'open' });

  const report = await runtime.rollback(session.id);
  expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.state).toBe('open');
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.pull.create', 'conflict']]);
});

it('a pull request the agent opened that a person closed is left closed, nothing to undo', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human } = environment;
  const { session, pull } = await agentOpensPull('shut', 'Shut');
  await session.end();
  await human.rest.pulls.update({ owner, repo, pull_number: pull.number, state: 'closed' });

  const report = await runtime.rollback(session.id);
  expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.state).toBe('closed');
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.pull.create', 'skipped']]);
});
