// The simulated `Repository.ref(qualifiedName:)` and `Ref.compare(headRef:)`, asked as a person's Octokit
// asks them and held against the same comparison through REST (`GET /compare/{base}...{head}`): a branch's
// tip and its author's profile name, how far it is ahead of and behind the default branch, and null for
// a branch that is not there.
import { afterEach, beforeEach, expect, it } from 'vitest';
import { withCustomRequest } from '@octokit/graphql';
import { startGithub } from '../test-support.js';

type Environment = Awaited<ReturnType<typeof startGithub>>;
let environment: Environment;
beforeEach(async () => {
  environment = await startGithub();
});
afterEach(async () => environment?.simulator.close());

interface Answer {
  repository: {
    defaultBranchRef: { name: string; compare: { status: string; aheadBy: number; behindBy: number; headTarget: { oid: string } } | null };
    branch: { name: string; target: { oid: string; author: { name: string } } } | null;
  };
}

const read = (branch: string) =>
  withCustomRequest(environment.human.request)<Answer>(
    `query($owner: String!, $name: String!, $ref: String!) { repository(owner: $owner, name: $name) {
      defaultBranchRef { name compare(headRef: $ref) { status aheadBy behindBy headTarget { oid } } }
      branch: ref(qualifiedName: $ref) { name target { oid ... on Commit { author { name } } } }
    } }`,
    { owner: environment.owner, name: environment.repo, ref: `refs/heads/${branch}` },
  );

it('answers a branch ahead and behind the default branch as REST compares it, its tip by the author’s profile name', async () => {
  const { human, owner, repo, simulator } = environment;
  simulator.createBranch('feature');
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'feature.md', message: 'feature', content: Buffer.from('on the branch').toString('base64'), branch: 'feature' });
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'main.md', message: 'main', content: Buffer.from('on main').toString('base64'), branch: 'main' });

  const { repository } = await read('feature');
  const rest = (await human.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: 'main...feature' })).data;
  expect(repository.defaultBranchRef.compare).toEqual({ status: rest.status.toUpperCase(), aheadBy: rest.ahead_by, behindBy: rest.behind_by, headTarget: { oid: rest.commits.at(-1)!.sha } });
  expect(repository.defaultBranchRef.compare).toMatchObject({ status: 'DIVERGED', aheadBy: 1, behindBy: 1 });
  expect(repository.branch).toEqual({ name: 'feature', target: { oid: rest.commits.at(-1)!.sha, author: { name: rest.commits.at(-1)!.commit.author!.name! } } });
  expect(repository.branch!.target.author.name).toBe(simulator.seed.names.human);
});

it('answers a branch made at the default branch’s tip as identical, and a missing branch as null', async () => {
  const { human, owner, repo, simulator } = environment;
  const tip = simulator.createBranch('fresh');
  expect((await read('fresh')).repository.defaultBranchRef.compare).toEqual({ status: 'IDENTICAL', aheadBy: 0, behindBy: 0, headTarget: { oid: tip } });
  await human.rest.git.deleteRef({ owner, repo, ref: 'heads/fresh' });
  const gone = (await read('fresh')).repository;
  expect(gone.branch).toBeNull();
  expect(gone.defaultBranchRef.compare).toBeNull();
});
