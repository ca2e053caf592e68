// A comment edit whose request never reached GitHub, the same edit then made by a person by hand: the
// body alone cannot tell the two apart, so the edit's lookup asks who last edited the comment (GraphQL
// `IssueComment.editor`). The person's edit is theirs, and the rollback keeps it; an edit of the agent's
// whose answer was lost is still found and undone. Read back through a person's Octokit and the
// simulator's state.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const TYPO = 'Teh export takes 40s.';
const FIXED = 'The export takes 40s.';

/** A person's comment with a typo on a new issue. */
async function personsComment() {
  environment = await startGithubRuntime({}, { retry: { maxAttempts: 2 } });
  const { owner, repo, human } = environment;
  const issue = (await human.rest.issues.create({ owner, repo, title: 'Export is slow' })).data;
  const comment = (await human.rest.issues.createComment({ owner, repo, issue_number: issue.number, body: TYPO })).data;
  const body = async () => (await human.rest.issues.getComment({ owner, repo, comment_id: comment.id })).data.body;
  return { id: comment.id, path: `/repos/${owner}/${repo}/issues/comments/${comment.id}`, body };
}

it('a comment edit that never reached GitHub, then made the same by a person, keeps the person’s edit', async () => {
  const comment = await personsComment();
  const { owner, repo, runtime, human, simulator } = environment;
  // The agent's edit never arrives, and its lookup in the call fails: planning settles it.
  simulator.faults.inject({ method: 'PATCH', path: comment.path, kind: 'reset', times: 2 });
  simulator.faults.inject({ method: 'GET', path: comment.path, when: () => simulator.faults.fired().length > 0, kind: 'server-error', status: 503, times: 20 });
  const session = await runtime.startSession({ agentId: 'typo-bot' });
  await session.run('github.issue.comment.update', { owner, repo, comment_id: comment.id, body: FIXED }).catch(() => undefined);
  await session.end();
  simulator.faults.clear();
  expect(await comment.body()).toBe(TYPO);
  // Seeing the bot fail, the person fixes the typo by hand, the same way.
  await human.rest.issues.updateComment({ owner, repo, comment_id: comment.id, body: FIXED });
  expect(simulator.inspect().comments.get(comment.id)!.editor?.login).toBe(simulator.seed.logins.human);

  const report = await runtime.rollback(session.id);
  expect(report.steps.filter((step) => step.outcome === 'verified')).toEqual([]);
  expect(await comment.body()).toBe(FIXED);
});

it('an edit of the agent’s whose answer was lost is found by its lookup and undone', async () => {
  const comment = await personsComment();
  const { owner, repo, runtime, simulator } = environment;
  simulator.faults.inject({ method: 'PATCH', path: comment.path, kind: 'drop-after-commit' });
  const session = await runtime.startSession({ agentId: 'typo-bot' });
  await session.run('github.issue.comment.update', { owner, repo, comment_id: comment.id, body: FIXED });
  await session.end();
  expect(simulator.inspect().comments.get(comment.id)!.editor?.login).toBe(simulator.seed.logins.agent);

  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['github.issue.comment.update', 'verified']]);
  expect(await comment.body()).toBe(TYPO);
});

it('the simulator names a comment’s last editor and edit time through GraphQL, null until edited', async () => {
  const comment = await personsComment();
  const { owner, repo, human } = environment;
  const node_id = (await human.rest.issues.getComment({ owner, repo, comment_id: comment.id })).data.node_id;
  const ask = async () => (await human.graphql<{ node: { editor: { login: string } | null; lastEditedAt: string | null } }>(`query { node(id: ${JSON.stringify(node_id)}) { ... on IssueComment { editor { login } lastEditedAt } } }`)).node;
  expect(await ask()).toEqual({ editor: null, lastEditedAt: null });
  await human.rest.issues.updateComment({ owner, repo, comment_id: comment.id, body: FIXED });
  expect(await ask()).toEqual({ editor: { login: environment.simulator.seed.logins.human }, lastEditedAt: expect.any(String) });
});
