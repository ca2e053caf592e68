// A person transfers the repository to another organization (REST `POST /repos/{owner}/{repo}/transfer`)
// after the agent wrote in it: GitHub redirects the old full name (301 for a read, 307 for a write, to
// the repository by id; GraphQL's `repository(owner:, name:)` follows it), so a rollback still undoes
// every write of the agent's where the repository now is, calls nothing gone or someone else's, and
// leaves the person's own work there. Read back through the person's Octokit at the new owner and name.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** GitHub without its GraphQL API (an Enterprise Server that does not serve it): every document 404. */
const withoutGraphql = { method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) } as const;

for (const how of ['through GraphQL', 'through REST (GraphQL not served)'] as const) {
  describe(`the agent's writes in a repository transferred to another owner since, ${how}`, () => {
    it('are all undone there; the person’s comment and branch stay', async () => {
      environment = await startGithubRuntime();
      const { owner, repo, runtime, human, simulator } = environment;
      const issue_number = simulator.seed.issueNumber;
      const session = await runtime.startSession({ agentId: 'release-bot' });
      const opened = ((await session.run('github.issue.create', { owner, repo, title: 'Ship notes' })) as { number: number }).number;
      const comment = ((await session.run('github.issue.comment.create', { owner, repo, issue_number, body: 'On it.' })) as { id: number }).id;
      await session.run('github.labels.add', { owner, repo, issue_number, labels: ['enhancement'] });
      await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/notes', sha: simulator.inspect().git.refs.get('refs/heads/main')! });
      await session.run('github.file.put', { owner, repo, branch: 'notes', path: 'NOTES.md', message: 'Add notes', content: toBase64('# Notes\n') });
      const pull = ((await session.run('github.pull.create', { owner, repo, title: 'Notes', head: 'notes', base: 'main' })) as { number: number }).number;
      await session.end();
      const theirs = (await human.rest.issues.createComment({ owner, repo, issue_number, body: 'Thanks!' })).data.id;
      simulator.createBranch('person-work');
      await human.rest.repos.transfer({ owner, repo, new_owner: 'octo-labs', new_name: 'gizmos' });
      const moved = { owner: 'octo-labs', repo: 'gizmos' };
      if (how !== 'through GraphQL') simulator.faults.inject(withoutGraphql);

      const report = await runtime.rollback(session.id);

      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
        ['github.pull.create', 'verified'],
        ['github.file.put', 'verified'],
        ['github.branch.create', 'verified'],
        ['github.labels.add', 'verified'],
        ['github.issue.comment.create', 'verified'],
        ['github.issue.create', 'verified'],
      ]);
      expect(report.residue.join('\n')).not.toMatch(/someone else|outside Backspace|no longer exists/);
      const issue = (await human.rest.issues.get({ ...moved, issue_number: opened })).data;
      expect([issue.state, issue.state_reason, issue.repository_url.endsWith('/repos/octo-labs/gizmos')]).toEqual(['closed', 'not_planned', true]);
      expect((await human.rest.pulls.get({ ...moved, pull_number: pull })).data.state).toBe('closed');
      const comments = (await human.rest.issues.listComments({ ...moved, issue_number })).data.map((found) => found.id);
      expect([comments.includes(comment), comments.includes(theirs)]).toEqual([false, true]);
      const labels = (await human.rest.issues.get({ ...moved, issue_number })).data.labels.map((label) => (typeof label === 'string' ? label : label.name));
      expect(labels).toEqual(['bug']);
      const refs = (await human.rest.git.listMatchingRefs({ ...moved, ref: 'heads/' })).data.map((ref) => ref.ref).sort();
      expect(refs).toEqual(['refs/heads/main', 'refs/heads/person-work']);
    });
  });
}
