// A person deletes the agent's branch and makes their own under the same name at the same commit: the
// ref reads exactly as the agent left it (same name, same tip, nothing on it), yet it is the person's
// branch now. Only GitHub's repository activity tells, and the rollback keeps the branch, a conflict
// naming who made it. Read back through the simulator's state and a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

/** The agent makes `release-notes` at main's tip in a session that ends. */
async function agentMakesBranch() {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, runtime } = environment;
  const mainSha = simulator.inspect().git.refs.get('refs/heads/main')!;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/release-notes', sha: mainSha });
  await session.end();
  return { ...environment, session, mainSha };
}

it("keeps a person's branch made under the agent's branch name at the agent's commit, and names the conflict", async () => {
  const { owner, repo, human, simulator, runtime, session, mainSha } = await agentMakesBranch();
  await human.rest.git.deleteRef({ owner, repo, ref: 'heads/release-notes' });
  await human.rest.git.createRef({ owner, repo, ref: 'refs/heads/release-notes', sha: mainSha });

  const report = await runtime.rollback(session.id);

  expect(simulator.inspect().git.refs.get('refs/heads/release-notes')).toBe(mainSha);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.branch.create', 'conflict']]);
  expect(report.residue.join('\n')).toContain(`branch release-notes in ${owner}/${repo} is kept: ${simulator.seed.logins.human} deleted it, then made it again since the agent created it`);
  expect(report.counts).toMatchObject({ undone: 0, conflicts: 1 });
});

it("keeps it when the person also pushed to it, with the person's file on it", async () => {
  const { owner, repo, human, simulator, runtime, session, mainSha } = await agentMakesBranch();
  await human.rest.git.deleteRef({ owner, repo, ref: 'heads/release-notes' });
  await human.rest.git.createRef({ owner, repo, ref: 'refs/heads/release-notes', sha: mainSha });
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'docs/release-2.4.md', branch: 'release-notes', message: 'Draft the notes', content: toBase64('# 2.4\n') });

  const report = await runtime.rollback(session.id);

  expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
  const notes = await human.rest.repos.getContent({ owner, repo, path: 'docs/release-2.4.md', ref: 'release-notes' });
  expect(Buffer.from((notes.data as { content: string }).content, 'base64').toString()).toBe('# 2.4\n');
  expect(simulator.inspect().git.refs.has('refs/heads/release-notes')).toBe(true);
});

it('still deletes the branch nobody else touched', async () => {
  const { simulator, runtime, session } = await agentMakesBranch();

  const report = await runtime.rollback(session.id);

  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(simulator.inspect().git.refs.has('refs/heads/release-notes')).toBe(false);
});
