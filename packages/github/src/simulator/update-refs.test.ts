// The simulated `updateRefs`, sent as a person's Octokit sends it and read back through REST: a ref is
// deleted (forty zeros after) only while it points at `beforeOid`; one refused update moves no ref; a
// refusal is a 200 whose error is typed UNPROCESSABLE with the path ["updateRefs"], the field null.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Octokit } from '@octokit/rest';
import { withCustomRequest } from '@octokit/graphql';
import { createGithubSimulator, type GithubSimulator } from './index.js';
import { quiet } from '../test-support.js';

const NO_COMMIT = '0'.repeat(40);
const MUTATION = 'mutation Move($input: UpdateRefsInput!) { moved: updateRefs(input: $input) { clientMutationId } }';

let simulator: GithubSimulator;
let human: Octokit;
let repositoryId: string;
beforeEach(async () => {
  simulator = await createGithubSimulator();
  human = new Octokit({ auth: simulator.seed.tokens.human, baseUrl: simulator.url, log: quiet });
  repositoryId = (await human.rest.repos.get({ owner: simulator.seed.owner, repo: simulator.seed.repo })).data.node_id;
});
afterEach(async () => simulator?.close());

/** The raw answer (Octokit's graphql would throw on its errors), as GitHub sends it. */
async function send(refUpdates: Record<string, unknown>[]) {
  const answer = await human.request('POST /graphql', { query: MUTATION, variables: { input: { repositoryId, clientMutationId: 'c-1', refUpdates } } });
  return answer.data as { data?: Record<string, unknown> | null; errors?: { type?: string; path?: string[]; message: string }[] };
}
const tip = async (branch: string) => {
  const { owner, repo } = simulator.seed;
  try {
    return (await human.rest.git.getRef({ owner, repo, ref: `heads/${branch}` })).data.object.sha;
  } catch (error) {
    if ((error as { status?: number }).status === 404) return null;
    throw error;
  }
};

it('deletes a branch still at beforeOid, and answers the payload', async () => {
  const sha = simulator.createBranch('docs-pass');
  const answer = await withCustomRequest(human.request)<{ moved: { clientMutationId: string } }>(MUTATION, { input: { repositoryId, clientMutationId: 'c-1', refUpdates: [{ name: 'refs/heads/docs-pass', beforeOid: sha, afterOid: NO_COMMIT }] } });
  expect(answer).toEqual({ moved: { clientMutationId: 'c-1' } });
  expect(await tip('docs-pass')).toBeNull();
});

it('refuses to delete a branch pushed to since beforeOid, and leaves it', async () => {
  const sha = simulator.createBranch('docs-pass');
  const pushed = simulator.push('docs-pass', { 'docs/person.md': 'mine\n' }, 'Mine');
  const answer = await send([{ name: 'refs/heads/docs-pass', beforeOid: sha, afterOid: NO_COMMIT }]);
  expect(answer.data).toEqual({ moved: null });
  expect(answer.errors).toHaveLength(1);
  expect(answer.errors![0]).toMatchObject({ type: 'UNPROCESSABLE', path: ['moved'] });
  expect(await tip('docs-pass')).toBe(pushed);
});

it('moves no ref when one update of several is refused', async () => {
  const a = simulator.createBranch('a');
  const b = simulator.createBranch('b');
  simulator.push('b', { 'b.md': 'b\n' }, 'B');
  const answer = await send([
    { name: 'refs/heads/a', beforeOid: a, afterOid: NO_COMMIT },
    { name: 'refs/heads/b', beforeOid: b, afterOid: NO_COMMIT },
  ]);
  expect(answer.errors?.[0]?.type).toBe('UNPROCESSABLE');
  expect(await tip('a')).toBe(a);
  expect(await tip('b')).not.toBeNull();
});

it('refuses a non-fast-forward move unless forced, and a ref that should not exist yet', async () => {
  const main = simulator.createBranch('docs-pass');
  const ahead = simulator.push('docs-pass', { 'x.md': 'x\n' }, 'X');
  expect((await send([{ name: 'refs/heads/docs-pass', afterOid: main }])).errors?.[0]?.type).toBe('UNPROCESSABLE');
  expect((await send([{ name: 'refs/heads/docs-pass', beforeOid: NO_COMMIT, afterOid: main }])).errors?.[0]?.type).toBe('UNPROCESSABLE');
  expect(await tip('docs-pass')).toBe(ahead);
  expect((await send([{ name: 'refs/heads/docs-pass', beforeOid: ahead, afterOid: main, force: true }])).errors).toBeUndefined();
  expect(await tip('docs-pass')).toBe(main);
});
