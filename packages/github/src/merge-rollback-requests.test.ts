// What rolling back a `github.pull.merge` sends to GitHub, counted at the simulator's own request log:
// one GraphQL query to plan (the pull request's base, the reverts on it, and the base's blob of every file
// the merge changed), then the revert and its merge, whose answers verify the step (7 requests for one
// file at first, then 3 plus one per file, #19). A rollback resumed after the revert was opened, and an
// inverse retried after the answer to its revert was lost, both find that revert and never open a second one.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

const SIMPLE_TOTAL = 'export function total() { return 0; }\n';
const NOTES = '# 2.4\n\nTotals are zero for now.\n';

/** A person's pull request changing two files, merged by the agent in a session that ends. */
async function agentMergesPersonsPull(options: Parameters<typeof startGithubRuntime>[1] = {}) {
  environment = await startGithubRuntime({}, options);
  const { owner, repo, simulator, human, runtime } = environment;
  simulator.createBranch('simplify-total');
  simulator.push('simplify-total', { 'src/pricing.js': SIMPLE_TOTAL, 'docs/notes.md': NOTES }, 'Simplify total');
  const pull = (await human.rest.pulls.create({ owner, repo, head: 'simplify-total', base: 'main', title: 'Simplify total' })).data.number;
  const before = { pricing: simulator.fileContent('src/pricing.js'), notes: simulator.fileContent('docs/notes.md') };
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull, merge_method: 'merge' });
  await session.end();
  expect(simulator.fileContent('src/pricing.js')).toBe(SIMPLE_TOTAL);
  return { session, pull, before };
}

/** The simulator's log since it was cleared, as `METHOD path`. */
const requests = () => environment!.simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`);

/** The revert pull requests GitHub holds for `pull`, as the simulator's state has them. */
function revertsOf(pull: number) {
  const { owner, repo, simulator } = environment!;
  const state = simulator.inspect();
  return [...state.pulls.values()]
    .filter((candidate) => state.issues.get(candidate.number)!.body === `Reverts ${owner}/${repo}#${pull}`)
    .map((candidate) => ({ number: candidate.number, merged: candidate.merged_at !== null, state: state.issues.get(candidate.number)!.state }));
}

it('rolls back a merge of two files with one read to plan and two writes, verified by their answers', async () => {
  const { session, pull, before } = await agentMergesPersonsPull();
  const { owner, repo, simulator, runtime } = environment!;
  simulator.log.clear();
  const report = await runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);

  const [revert] = revertsOf(pull);
  expect(revertsOf(pull)).toEqual([{ number: revert!.number, merged: true, state: 'closed' }]);
  expect(simulator.fileContent('src/pricing.js')).toBe(before.pricing);
  expect(simulator.fileContent('docs/notes.md')).toBe(before.notes);
  const base = `/repos/${owner}/${repo}`;
  // The planning query (no file read through REST), the revert (a mutation), its merge.
  expect(requests()).toEqual(['POST /graphql', 'POST /graphql', `PUT ${base}/pulls/${revert!.number}/merge`]);
}, 60_000);

it('a rollback resumed after it opened the revert merges that revert, and opens no second one', async () => {
  // One attempt per request: the revert's merge meeting a 502 leaves the step failed, its revert open.
  const { session, pull, before } = await agentMergesPersonsPull({ retry: { maxAttempts: 1 } });
  const { owner, repo, simulator, runtime } = environment!;
  simulator.faults.inject({ method: 'PUT', path: '/repos/:owner/:repo/pulls/:number/merge', kind: 'server-error', status: 502 });
  const first = await runtime.rollback(session.id);
  expect(first.steps.map((step) => step.outcome)).toEqual(['failed']);
  const [opened] = revertsOf(pull);
  expect(revertsOf(pull)).toEqual([{ number: opened!.number, merged: false, state: 'open' }]);

  simulator.log.clear();
  const second = await runtime.rollback(session.id);
  expect(second.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(revertsOf(pull)).toEqual([{ number: opened!.number, merged: true, state: 'closed' }]);
  expect(simulator.fileContent('src/pricing.js')).toBe(before.pricing);
  // The plan (one query) saw the revert open; the inverse asks for its number and merges it: no second revert.
  expect(requests()).toEqual(['POST /graphql', `GET /repos/${owner}/${repo}/pulls`, `PUT /repos/${owner}/${repo}/pulls/${opened!.number}/merge`]);
}, 60_000);

it('an inverse retried after the answer to its revert was lost finds that revert, and opens no second one', async () => {
  const { session, pull, before } = await agentMergesPersonsPull();
  const { simulator, runtime } = environment!;
  // GitHub opens the revert, and its answer never arrives: the engine retries the inverse. (The planning
  // query goes to /graphql too: the fault is on the mutation.)
  simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => /^\s*mutation\b/.test(String((request.body as { query?: unknown }).query)), kind: 'drop-after-commit' });
  const report = await runtime.rollback(session.id);
  expect(simulator.faults.fired().map((fault) => fault.kind)).toEqual(['drop-after-commit']);
  expect(report.steps.map((step) => step.outcome), JSON.stringify(report.steps[0]!.error ?? null)).toEqual(['verified']);
  expect(revertsOf(pull)).toEqual([{ number: expect.any(Number), merged: true, state: 'closed' }]);
  expect(simulator.fileContent('src/pricing.js')).toBe(before.pricing);
  expect(simulator.fileContent('docs/notes.md')).toBe(before.notes);
}, 60_000);
