// The agent writes files on the default branch (main); a person then renames main to trunk. GitHub
// answers nothing under the old name, but the agent's content lives on under the new one: the rollback
// must not read the file as gone ("already undone", "someone else deleted it") nor count a 404 for the
// old branch name as a deletion done. It keeps each step as a conflict it names. A branch the rollback
// itself deleted still takes its files with it, with no conflict. Read back through the simulator's
// state and a person's Octokit.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

const BANNER = 'export const banner = "50% off";\n';
const README = '# widgets\n\nNow with banners.\n';

/** The agent adds src/banner.js (and rewrites README.md) on the default branch, left implicit, in a session that ends. */
async function agentWritesOnMain({ readme = true } = {}) {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, runtime } = environment;
  const readmeSha = simulator.inspect().git.getCommit(simulator.inspect().git.refs.get('refs/heads/main')!)!.tree['README.md']!;
  const session = await runtime.startSession({ agentId: 'docs-bot' });
  await session.run('github.file.put', { owner, repo, path: 'src/banner.js', message: 'Add banner', content: toBase64(BANNER) });
  if (readme) await session.run('github.file.put', { owner, repo, path: 'README.md', message: 'Mention banners', sha: readmeSha, content: toBase64(README) });
  await session.end();
  return { ...environment, session };
}

it('a default branch renamed after the agent wrote on it: each file is a conflict named in the report, never undone or already undone', async () => {
  const { owner, repo, simulator, human, runtime, session } = await agentWritesOnMain();
  simulator.renameBranch('main', 'trunk');
  expect((await human.rest.repos.get({ owner, repo })).data.default_branch).toBe('trunk');

  const report = await runtime.rollback(session.id);

  // The agent's content is still there under the new name, and the report says so for both files.
  expect([simulator.fileContent('src/banner.js', 'trunk'), simulator.fileContent('README.md', 'trunk')]).toEqual([BANNER, README]);
  expect(report.steps.map((step) => [step.resource, step.outcome])).toEqual([
    [`github.file:${owner}/${repo}:main:README.md`, 'conflict'],
    [`github.file:${owner}/${repo}:main:src/banner.js`, 'conflict'],
  ]);
  expect(report.counts).toMatchObject({ undone: 0, conflicts: 2 });
  const residue = report.residue.join('\n');
  for (const path of ['README.md', 'src/banner.js']) expect(residue).toContain(`github.file.put on github.file:${owner}/${repo}:main:${path}: left in place`);
  expect(residue).not.toMatch(/someone else deleted it/);
});

it('a default branch renamed after the rollback was planned: the delete meeting GitHub’s 404 for the old name is kept, not verified', async () => {
  const { owner, repo, simulator, runtime, session } = await agentWritesOnMain({ readme: false });
  // Planned while main still stands; the person renames it before the inverse runs.
  const report = await runtime.rollback(session.id, { onPlanned: () => simulator.renameBranch('main', 'trunk') });

  expect(simulator.fileContent('src/banner.js', 'trunk')).toBe(BANNER);
  expect(report.steps.map((step) => [step.resource, step.outcome])).toEqual([[`github.file:${owner}/${repo}:main:src/banner.js`, 'conflict']]);
  expect(report.residue.join('\n')).toContain(`branch main of ${owner}/${repo} no longer exists by that name`);
});

it('the same for the README the agent rewrote: its earlier content is not written anywhere, the step kept and named', async () => {
  const { owner, repo, simulator, runtime, session } = await agentWritesOnMain();
  const report = await runtime.rollback(session.id, { onPlanned: () => simulator.renameBranch('main', 'trunk') });

  expect([simulator.fileContent('src/banner.js', 'trunk'), simulator.fileContent('README.md', 'trunk')]).toEqual([BANNER, README]);
  expect(report.steps.filter((step) => step.outcome === 'verified')).toEqual([]);
  expect(report.residue.join('\n')).toContain(`github.file.put on github.file:${owner}/${repo}:main:README.md: left in place: branch main of ${owner}/${repo} no longer exists by that name`);
});

it('a file on a branch the rollback itself deleted reads as gone with it in a later rollback, with no conflict', async () => {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, runtime } = environment;
  const main = simulator.inspect().git.refs.get('refs/heads/main')!;
  const session = await runtime.startSession({ agentId: 'docs-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/banner', sha: main });
  // The README written back with the bytes it holds: a step with nothing to undo, never compensated.
  const readme = simulator.inspect().git.getCommit(main)!.tree['README.md']!;
  await session.run('github.file.put', { owner, repo, path: 'README.md', branch: 'banner', message: 'Touch the README', sha: readme, content: toBase64(simulator.fileContent('README.md')!) });
  await session.end();

  const first = await runtime.rollback(session.id);
  expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([['github.file.put', 'skipped'], ['github.branch.create', 'verified']]);
  expect(simulator.inspect().git.refs.has('refs/heads/banner')).toBe(false);

  // Planned again, the file's branch is gone by the rollback's own delete: nothing left, nothing to name.
  const second = await runtime.rollback(session.id);
  expect(second.counts).toMatchObject({ conflicts: 0, failed: 0, unreachable: 0 });
});
