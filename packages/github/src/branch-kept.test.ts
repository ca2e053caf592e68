// What keeps the agent's branch. A person's open pull request on it (from it, or into it): deleting the
// branch would close it, as GitHub closes a pull request whose head or base branch goes. The rollback
// plans the branch as a conflict, keeps it and names the pull request instead. The agent's own pull
// request, closed first by the same rollback, is no one's. Read back through a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

type Environment = Awaited<ReturnType<typeof startGithubRuntime>>;

/** A person makes `branch` from `from`'s tip, commits a file of their own on it, and opens a pull request from it into `into`. */
async function personOpensPull({ owner, repo, human, simulator }: Environment, branch: string, from: string, into: string) {
  await human.rest.git.createRef({ owner, repo, ref: `refs/heads/${branch}`, sha: simulator.inspect().git.refs.get(`refs/heads/${from}`)! });
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: `docs/person-${branch}.md`, branch, message: `Work on ${branch}`, content: toBase64(`${branch}\n`) });
  return (await human.rest.pulls.create({ owner, repo, head: branch, base: into, title: `Review ${branch}` })).data;
}

/** The agent makes a branch and commits a file on it. */
async function agentPushesBranch() {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/docs-pass', sha: mainSha });
  await session.run('github.file.put', { owner, repo, path: 'docs/agent-setup-notes.md', branch: 'docs-pass', message: 'Document setup', content: toBase64('# Setup\n') });
  return { ...environment, session };
}

it.each(['from it', 'into it'])("keeps the agent's branch a person opened a pull request %s since, and the pull request open", async (how) => {
  const { owner, repo, runtime, session, human, simulator } = await agentPushesBranch();
  await session.end();
  const pull =
    how === 'from it'
      ? (await human.rest.pulls.create({ owner, repo, head: 'docs-pass', base: 'main', title: 'Review the setup docs' })).data
      : await personOpensPull(environment, 'release-notes', 'docs-pass', 'docs-pass');

  const report = await runtime.rollback(session.id);

  expect(report.steps.find((step) => step.action === 'github.branch.create')).toMatchObject({ outcome: 'conflict' });
  expect(report.residue.join('\n')).toContain(`github.branch:${owner}/${repo}:docs-pass: left in place, others built on it since the agent's write (github.issue:${owner}/${repo}#${pull.number} put inside it by others)`);
  expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.state).toBe('open');
  expect(simulator.inspect().git.refs.has('refs/heads/docs-pass')).toBe(true);
});

it("deletes the agent's branch whose only pull request is the agent's own, closed first", async () => {
  const { owner, repo, runtime, session, human, simulator } = await agentPushesBranch();
  const pull = (await session.run('github.pull.create', { owner, repo, head: 'docs-pass', base: 'main', title: 'Document setup' })) as { number: number };
  await session.end();

  const report = await runtime.rollback(session.id);

  expect(report.counts).toMatchObject({ conflicts: 0, failed: 0 });
  expect(simulator.inspect().git.refs.has('refs/heads/docs-pass')).toBe(false);
  expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data.state).toBe('closed');
});

it.each(['head', 'base'])('closes a pull request whose %s branch is deleted, as GitHub does', async (which) => {
  environment = await startGithubRuntime();
  const { owner, repo, human } = environment;
  const topic = await personOpensPull(environment, 'topic', 'main', 'main');
  const stacked = await personOpensPull(environment, 'topic-follow-up', 'topic', 'topic');

  await human.rest.git.deleteRef({ owner, repo, ref: `heads/${which === 'head' ? 'topic-follow-up' : 'topic'}` });

  // Deleting `topic` closes both: the one from it (its head) and the one into it (its base, never merged).
  const closed = which === 'head' ? [stacked.number] : [topic.number, stacked.number];
  for (const pull of [topic, stacked]) {
    expect((await human.rest.pulls.get({ owner, repo, pull_number: pull.number })).data, `#${pull.number}`).toMatchObject({ state: closed.includes(pull.number) ? 'closed' : 'open', merged: false });
  }
});

it("keeps the agent's branch a person committed on since, after undoing the agent's own file on it: a conflict, not a failure", async () => {
  const { owner, repo, runtime, session, human, simulator } = await agentPushesBranch();
  await session.end();
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/person-faq.md', branch: 'docs-pass', message: 'FAQ', content: toBase64('# FAQ\n') });

  const report = await runtime.rollback(session.id);

  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
    ['github.file.put', 'verified'],
    ['github.branch.create', 'conflict'],
  ]);
  expect(report.counts).toMatchObject({ failed: 0, conflicts: 1 });
  const onBranch = async (path: string) => (await human.rest.repos.getContent({ owner, repo, path, ref: 'docs-pass' }).then(() => true, () => false));
  expect([await onBranch('docs/person-faq.md'), await onBranch('docs/agent-setup-notes.md')]).toEqual([true, false]);
  expect(simulator.inspect().git.refs.has('refs/heads/docs-pass')).toBe(true);
});

it('moves a pull request into a deleted branch onto the base of that branch’s merged pull request, as GitHub does', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, human } = environment;
  const feature = await personOpensPull(environment, 'feature', 'main', 'main');
  const stacked = await personOpensPull(environment, 'follow-up', 'feature', 'feature');
  await human.rest.pulls.merge({ owner, repo, pull_number: feature.number });

  await human.rest.git.deleteRef({ owner, repo, ref: 'heads/feature' });

  expect((await human.rest.pulls.get({ owner, repo, pull_number: stacked.number })).data).toMatchObject({ state: 'open', base: { ref: 'main' } });
});
