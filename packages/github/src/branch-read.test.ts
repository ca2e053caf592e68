// The branch read a rollback plans a branch's deletion with (#19): one GraphQL query names the branch's
// tip, its author and how far it is ahead of the default branch, so a branch with nothing on it needs no
// REST comparison. Checked against the simulator's own git state, and against the same read through REST
// (GraphQL not served).
import { afterEach, expect, it } from 'vitest';
import { createGithubClient } from './client.js';
import { readBranch } from './read-branch.js';
import { startGithub } from './test-support.js';

type Environment = Awaited<ReturnType<typeof startGithub>>;
let environment: Environment;
afterEach(async () => environment?.simulator.close());

/** The branch read through GraphQL, then through REST alone, and the requests each took. */
async function readBothWays(branch: string) {
  const { simulator, owner, repo } = environment;
  const client = createGithubClient(simulator.seed.tokens.agent, simulator.url);
  simulator.log.clear();
  const graphql = await readBranch(client, owner, repo, branch);
  // The token's login (asked once per client, whatever it reads) is left out.
  const graphqlRequests = simulator.log.entries().map((entry) => `${entry.method} ${entry.path.split('?')[0]}`).filter((request) => request !== 'GET /user');
  simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) });
  const rest = await readBranch(client, owner, repo, branch);
  return { graphql, rest, graphqlRequests };
}

/** The tip of a branch, from the simulator's own git state. */
const tipOf = (branch: string) => environment.simulator.inspect().git.refs.get(`refs/heads/${branch}`);

it('reads a branch with nothing on it in two requests, its tip and author as the repository holds them', async () => {
  environment = await startGithub();
  environment.simulator.createBranch('fresh');
  const { graphql, rest, graphqlRequests } = await readBothWays('fresh');
  const { owner, repo } = environment;
  expect(graphqlRequests).toEqual(['POST /graphql', `GET /repos/${owner}/${repo}/activity`]);
  expect(graphql).toMatchObject({ sha: tipOf('fresh'), work: [] });
  expect(rest).toEqual(graphql);
});

it('reads a person’s commit on the branch and their open pull request from it as work, the tip as theirs', async () => {
  environment = await startGithub();
  const { simulator, human, owner, repo } = environment;
  simulator.createBranch('feature');
  await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'notes/plan.md', branch: 'feature', message: 'Plan', content: Buffer.from('the plan\n').toString('base64') });
  const pull = (await human.rest.pulls.create({ owner, repo, head: 'feature', base: 'main', title: 'Plan' })).data.number;
  const { graphql, rest } = await readBothWays('feature');
  expect(graphql).toMatchObject({ sha: tipOf('feature'), head_author: simulator.seed.names.human, work: [`github.file:${owner}/${repo}:feature:notes/plan.md`, `github.issue:${owner}/${repo}#${pull}`] });
  expect(rest).toEqual(graphql);
});

it('reads a branch that is not there as null, in one request', async () => {
  environment = await startGithub();
  const { graphql, rest, graphqlRequests } = await readBothWays('never-made');
  expect(graphql).toBeNull();
  expect(graphqlRequests).toEqual(['POST /graphql']);
  expect(rest).toBeNull();
});
