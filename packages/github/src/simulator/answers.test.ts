// The simulator answers as api.github.com does where real clients notice: an App installation token is
// refused on GET /user, commits carry profile names, 201s carry Location, pages link prev and first.
import { Octokit } from '@octokit/rest';
import { afterEach, expect, it } from 'vitest';
import { quiet, toBase64 } from '../test-support.js';
import { createGithubSimulator, type GithubSimulator } from './index.js';

let simulator: GithubSimulator;
afterEach(async () => simulator?.close());

const client = (token: string) => new Octokit({ auth: token, baseUrl: simulator.url, log: quiet });

it('refuses GET /user to an App installation token, which still reads and writes as the app’s bot', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens, logins } = simulator.seed;
  const app = client(tokens.app);
  const refused = await app.rest.users.getAuthenticated().catch((error: { status: number; response: { data: { message: string } } }) => error);
  expect(refused).toMatchObject({ status: 403, response: { data: { message: 'Resource not accessible by integration' } } });
  const issue = await app.rest.issues.create({ owner, repo, title: 'From the app' });
  expect(issue.data.user).toMatchObject({ login: logins.app, type: 'Bot' });
  const viewer = await app.graphql<{ viewer: { login: string } }>('query { viewer { login } }');
  expect(viewer.viewer.login).toBe(logins.app);
  expect((await client(tokens.agent).rest.users.getAuthenticated()).data).toMatchObject({ login: logins.agent, name: simulator.seed.names.agent });
});

it('writes commits with the author’s profile name and no-reply address, the login only on the GitHub user', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens, logins, names } = simulator.seed;
  const put = await client(tokens.agent).rest.repos.createOrUpdateFileContents({ owner, repo, path: 'NOTES.md', message: 'notes', content: toBase64('x\n') });
  expect(put.data.commit.author).toMatchObject({ name: names.agent, email: `1001+${logins.agent}@users.noreply.github.com` });
  const compare = await client(tokens.human).rest.repos.compareCommitsWithBasehead({ owner, repo, basehead: `${put.data.commit.parents![0]!.sha}...main` });
  expect(compare.data.commits[0]).toMatchObject({ commit: { author: { name: names.agent } }, author: { login: logins.agent } });
});

it('names what a 201 created in Location, and links pages with prev and first past the first', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens } = simulator.seed;
  const human = client(tokens.human);
  const created = await human.rest.issues.createComment({ owner, repo, issue_number: 1, body: 'one' });
  expect(created.headers.location).toBe(created.data.url);
  for (const body of ['two', 'three']) await human.rest.issues.createComment({ owner, repo, issue_number: 1, body });
  const first = await human.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 1 });
  expect(first.headers.link).toMatch(/rel="next".*rel="last"/);
  expect(first.headers.link).not.toMatch(/rel="(prev|first)"/);
  const middle = await human.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 1, page: 2 });
  expect(middle.headers.link).toMatch(/page=1>; rel="prev".*page=3>; rel="next".*page=3>; rel="last".*page=1>; rel="first"/);
  const last = await human.rest.issues.listComments({ owner, repo, issue_number: 1, per_page: 1, page: 3 });
  expect(last.headers.link).toMatch(/page=2>; rel="prev".*page=1>; rel="first"/);
  expect(last.headers.link).not.toMatch(/rel="(next|last)"/);
});

it('lists the commits that changed a path, newest first, each with its author’s login', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens, logins } = simulator.seed;
  const first = await client(tokens.agent).rest.repos.createOrUpdateFileContents({ owner, repo, path: 'NOTES.md', message: 'notes', content: toBase64('x\n') });
  await client(tokens.human).rest.repos.createOrUpdateFileContents({ owner, repo, path: 'OTHER.md', message: 'other', content: toBase64('y\n') });
  const second = await client(tokens.human).rest.repos.createOrUpdateFileContents({ owner, repo, path: 'NOTES.md', message: 'more notes', content: toBase64('z\n'), sha: first.data.content!.sha! });
  const listed = (await client(tokens.human).rest.repos.listCommits({ owner, repo, path: 'NOTES.md' })).data;
  expect(listed.map((commit) => [commit.sha, commit.author?.login])).toEqual([
    [second.data.commit.sha, logins.human],
    [first.data.commit.sha, logins.agent],
  ]);
});
