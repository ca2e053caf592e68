// The agent's git writes (a branch, a file added and a file rewritten on it and on the default branch, a
// pull request from its branch) in a repository a person renamed since (REST `PATCH /repos/{owner}/{repo}`
// with `name`, as the person's Octokit sends it). GitHub keeps the old name working (301 for a read, 307
// for any other method, GraphQL's `repository(owner:, name:)` following renames), so the rollback still
// undoes every one: nothing merely moved is "gone" or "someone else's", and nothing else is touched.
// Read back through the person's Octokit at the new name and the simulator's state.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** GitHub without its GraphQL API (an Enterprise Server that does not serve it): every document 404. */
const withoutGraphql = { method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) } as const;

const NOTES = '# Release notes\n\n- Discounts fixed.\n';
const README = '# widgets\n\nRenamed soon.\n';

/**
 * The agent creates branch `release-notes` from main, adds a file on it and opens a pull request from it,
 * and rewrites README.md on main; a person pushes their own branch, then renames `widgets` to `gizmos`.
 */
async function gitWritesThenRenamed() {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human, simulator } = environment;
  const main = simulator.inspect().git.refs.get('refs/heads/main')!;
  const readmeSha = simulator.inspect().git.getCommit(main)!.tree['README.md']!;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/release-notes', sha: main });
  await session.run('github.file.put', { owner, repo, branch: 'release-notes', path: 'NOTES.md', message: 'Add notes', content: toBase64(NOTES) });
  const pull = ((await session.run('github.pull.create', { owner, repo, title: 'Release notes', head: 'release-notes', base: 'main' })) as { number: number }).number;
  await session.run('github.file.put', { owner, repo, branch: 'main', path: 'README.md', message: 'Mention the rename', sha: readmeSha, content: toBase64(README) });
  await session.end();
  simulator.createBranch('person-work');
  simulator.push('person-work', { 'docs/person.md': 'Mine\n' }, 'My own work');
  await human.rest.repos.update({ owner, repo, name: 'gizmos' });
  return { ...environment, session, pull, renamed: { owner, repo: 'gizmos' } };
}

for (const how of ['through GraphQL', 'through REST (GraphQL not served)'] as const) {
  describe(`the agent's branch, files and pull request in a repository renamed since, ${how}`, () => {
    it('are undone at the new name: pull request closed, files undone, branch deleted; the person’s branch stays', async () => {
      const { runtime, human, session, pull, renamed, simulator } = await gitWritesThenRenamed();
      if (how !== 'through GraphQL') simulator.faults.inject(withoutGraphql);
      const seededReadme = simulator.seed.files['README.md'];

      const report = await runtime.rollback(session.id);

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
        ['github.file.put', 'verified'],
        ['github.pull.create', 'verified'],
        ['github.file.put', 'verified'],
        ['github.branch.create', 'verified'],
      ]);
      expect(report.counts).toMatchObject({ undone: 4, conflicts: 0 });
      expect(report.residue.join('\n')).not.toMatch(/someone else|deleted it|no longer exists/);
      const found = (await human.rest.pulls.get({ ...renamed, pull_number: pull })).data;
      expect([found.state, found.merged_at]).toEqual(['closed', null]);
      const readme = (await human.rest.repos.getContent({ ...renamed, path: 'README.md', ref: 'main' })).data as { content: string };
      expect(Buffer.from(readme.content, 'base64').toString('utf8')).toBe(seededReadme);
      const refs = (await human.rest.git.listMatchingRefs({ ...renamed, ref: 'heads/' })).data.map((ref) => ref.ref).sort();
      expect(refs).toEqual(['refs/heads/main', 'refs/heads/person-work']);
      expect(simulator.fileContent('docs/person.md', 'person-work')).toBe('Mine\n');
    });
  });
}
