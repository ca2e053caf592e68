// Rolling back the agent's merge where GitHub's `revertPullRequest` mutation is not available (a GitHub
// Enterprise Server without it, or a token refused GraphQL writes): the revert is built by hand from the
// pull request's file list, which GitHub pages 100 at a time and caps at 3000 files. Every page is read;
// a pull request with more files than GitHub lists is not reverted halfway but kept as a conflict.
import { afterEach, expect, it } from 'vitest';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

/** `count` generated files on a person's branch, in a pull request the agent merges in a session that ends. */
async function agentMergesGeneratedFiles(count: number) {
  environment = await startGithubRuntime();
  const { owner, repo, simulator, human, runtime } = environment;
  simulator.createBranch('generated-clients');
  const files = Object.fromEntries(Array.from({ length: count }, (_, index) => [`clients/client-${String(index).padStart(4, '0')}.ts`, `export const id = ${index};\n`]));
  simulator.push('generated-clients', files, 'Generate API clients');
  const pull = (await human.rest.pulls.create({ owner, repo, title: 'Generated clients', head: 'generated-clients', base: 'main' })).data.number;
  const session = await runtime.startSession({ agentId: 'release-bot' });
  await session.run('github.pull.merge', { owner, repo, pull_number: pull, merge_method: 'merge' });
  await session.end();
  const onMain = () => Object.keys(files).filter((path) => simulator.fileContent(path) !== null);
  expect(onMain()).toHaveLength(count);
  // GraphQL reads still answer; the revert mutation is refused as GitHub refuses an unknown field.
  simulator.faults.inject({
    method: 'POST',
    path: '/graphql',
    when: (request) => /^\s*mutation\b/.test(String((request.body as { query?: unknown }).query)),
    kind: 'server-error',
    status: 404,
    times: Infinity,
    respond: () => ({ status: 404, body: { message: 'Not Found', documentation_url: 'https://docs.github.com/graphql' } }),
  });
  return { session, pull, onMain };
}

/** The pull requests whose body names them GitHub's revert of `pull`, as the simulator holds them. */
function revertsOf(pull: number) {
  const { owner, repo, simulator } = environment!;
  const state = simulator.inspect();
  return [...state.pulls.values()].filter((candidate) => state.issues.get(candidate.number)!.body === `Reverts ${owner}/${repo}#${pull}`);
}

it('reverting a merge of 120 files by hand takes every one of them back out of main', async () => {
  const { session, pull, onMain } = await agentMergesGeneratedFiles(120);
  const report = await environment!.runtime.rollback(session.id);
  expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
  expect(onMain()).toEqual([]);
  expect(revertsOf(pull).map((revert) => revert.merged_at !== null)).toEqual([true]);
}, 60_000);

it('a merge of more files than GitHub lists is kept as a conflict that says why, with no half revert opened', async () => {
  const { session, pull, onMain } = await agentMergesGeneratedFiles(3001);
  const report = await environment!.runtime.rollback(session.id);
  const [step] = report.steps;
  expect(step?.outcome).toBe('conflict');
  expect(JSON.stringify(report)).toMatch(/3001 files/);
  expect(onMain()).toHaveLength(3001);
  expect(revertsOf(pull)).toEqual([]);
  expect([...environment!.simulator.inspect().git.refs.keys()].filter((ref) => ref.includes('revert'))).toEqual([]);
}, 120_000);
