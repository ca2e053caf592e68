// A person who renames the repository after the agent's writes changes its address, not whose work is
// in it: GitHub redirects the old name (REST: 301 for a read, 307 for a write, to the repository by id;
// GraphQL's `repository(owner:, name:)` follows renames by default), so a rollback still undoes the
// agent's issue, comment and label there. Read back through the person's Octokit at the new name.
import { afterEach, describe, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;

/** GitHub without its GraphQL API (an Enterprise Server that does not serve it): every document 404. */
const withoutGraphql = { method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) } as const;
afterEach(async () => environment?.close());

/** The agent opens an issue, comments on the seeded issue and labels it; the person renames `widgets` to `gizmos`. */
async function renamedAfterAgentWrites() {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const opened = ((await session.run('github.issue.create', { owner, repo, title: 'Login fails' })) as { number: number }).number;
  const comment = ((await session.run('github.issue.comment.create', { owner, repo, issue_number: simulator.seed.issueNumber, body: 'Looking into it.' })) as { id: number }).id;
  await session.run('github.labels.add', { owner, repo, issue_number: simulator.seed.issueNumber, labels: ['enhancement'] });
  await session.end();
  await human.rest.repos.update({ owner, repo, name: 'gizmos' });
  return { ...environment, session, opened, comment, renamed: { owner, repo: 'gizmos' } };
}

describe("the agent's writes in a repository a person renamed since", () => {
  it('GitHub answers the old name through REST (redirected) and GraphQL (followRenames)', async () => {
    const { owner, repo, human, opened } = await renamedAfterAgentWrites();
    const { data } = await human.rest.issues.get({ owner, repo, issue_number: opened });
    expect([data.number, data.repository_url.endsWith(`/repos/${owner}/gizmos`)]).toEqual([opened, true]);
    const query = `query { now: repository(owner: "${owner}", name: "${repo}") { nameWithOwner } strict: repository(owner: "${owner}", name: "${repo}", followRenames: false) { nameWithOwner } }`;
    const answer = await human.graphql(query).catch((error: { data?: unknown }) => error.data);
    expect(answer).toEqual({ now: { nameWithOwner: `${owner}/gizmos` }, strict: null });
  });

  it('are undone all the same: the issue closed, the comment deleted, the label taken off', async () => {
    const { runtime, human, session, opened, comment, renamed, simulator } = await renamedAfterAgentWrites();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['github.labels.add', 'verified'],
      ['github.issue.comment.create', 'verified'],
      ['github.issue.create', 'verified'],
    ]);
    const issue = (await human.rest.issues.get({ ...renamed, issue_number: opened })).data;
    expect([issue.state, issue.state_reason]).toEqual(['closed', 'not_planned']);
    const comments = await human.rest.issues.listComments({ ...renamed, issue_number: simulator.seed.issueNumber });
    expect(comments.data.map((found) => found.id)).not.toContain(comment);
    const labels = (await human.rest.issues.get({ ...renamed, issue_number: simulator.seed.issueNumber })).data.labels.map((label) => (typeof label === 'string' ? label : label.name));
    expect(labels).toEqual(['bug']);
  });

  it('where GraphQL is not served, read and undone through REST all the same', async () => {
    const { runtime, human, session, opened, comment, renamed, simulator } = await renamedAfterAgentWrites();
    simulator.faults.inject(withoutGraphql);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified', 'verified']);
    const issue = (await human.rest.issues.get({ ...renamed, issue_number: opened })).data;
    expect([issue.state, issue.state_reason]).toEqual(['closed', 'not_planned']);
    const comments = await human.rest.issues.listComments({ ...renamed, issue_number: simulator.seed.issueNumber });
    expect(comments.data.map((found) => found.id)).not.toContain(comment);
  });
});
