// A merge the agent made in a repository a person renamed since: GitHub's revert pull request names the
// repository as it is called now (`Reverts octo-org/gizmos#2`), not as the agent's write named it. A
// rollback whose revert was opened but not merged (the merge of the revert failed) leaves it open; the
// rollback run again must find that revert by the repository's current name and merge it, never open a
// second one. Read back through the person's Octokit at the new name.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** GitHub without its GraphQL API (an Enterprise Server that does not serve it): every document 404. */
const withoutGraphql = { method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) } as const;

/** The agent merges a person's pull request; the person renames `widgets` to `gizmos`. */
async function mergedThenRenamed() {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, human, runtime } = environment;
  simulator.createBranch('docs-fix');
  simulator.push('docs-fix', { 'docs/fix.md': 'Fixed by a person\n' }, 'Fix the docs');
  const pull = (await human.rest.pulls.create({ owner, repo, title: 'Fix the docs', head: 'docs-fix', base: 'main' })).data.number;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull, merge_method: 'squash' });
  await session.end();
  await human.rest.repos.update({ owner, repo, name: 'gizmos' });
  return { ...environment, session, pull, renamed: { owner, repo: 'gizmos' } };
}

for (const how of ['through GraphQL', 'through REST (GraphQL not served)'] as const) {
  describe(`a merge reverted in a repository renamed since, ${how}`, () => {
    it('rolled back again after the revert was opened but not merged: that revert is merged, no second one opened', async () => {
      const { runtime, human, session, simulator, renamed } = await mergedThenRenamed();
      if (how !== 'through GraphQL') simulator.faults.inject(withoutGraphql);
      // Merging the revert fails (every retry): the revert pull request stays open.
      simulator.faults.inject({ method: 'PUT', path: /\/pulls\/\d+\/merge$/, kind: 'server-error', status: 502, times: Infinity });
      const first = await runtime.rollback(session.id);
      expect(first.steps.map((step) => step.outcome)).toEqual(['failed']);
      const open = (await human.rest.pulls.list({ ...renamed, state: 'open' })).data.filter((pull) => pull.title.startsWith('Revert'));
      // One revert, however often the failed merge was retried (GitHub's own names the repository's new name).
      expect(open.map((pull) => pull.body)).toEqual([expect.stringMatching(how === 'through GraphQL' ? /^Reverts octo-org\/gizmos#\d+/ : /^Reverts octo-org\/widgets#\d+/)]);
      simulator.faults.clear();
      if (how !== 'through GraphQL') simulator.faults.inject(withoutGraphql);

      const again = await runtime.rollback(session.id);
      expect(again.steps.map((step) => step.outcome)).toEqual(['verified']);
      const reverts = (await human.rest.pulls.list({ ...renamed, state: 'all' })).data.filter((pull) => pull.title.startsWith('Revert'));
      expect(reverts.map((pull) => [pull.number, pull.state, pull.merged_at !== null])).toEqual([[open[0]!.number, 'closed', true]]);
    });
  });
}
