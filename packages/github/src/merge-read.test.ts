// The merge read a rollback plans with (#19): one GraphQL query gives what REST gave in one request per
// file: the base, whether a revert is open or merged, and each changed file's blob on the base, text or
// binary, gone or changed by a person since. Checked against the simulator's own git state, and against
// the same read through REST (GraphQL not served).
import { createHash } from 'node:crypto';
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createGithubClient } from './client.js';
import { readMerge } from './read.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';
import { quiet } from './test-support.js';

let simulator: GithubSimulator;
afterEach(async () => simulator?.close());

const EVERY_BYTE = Buffer.from(Array.from({ length: 256 }, (_, index) => index));
/** Git's blob id of these bytes, worked out here, not by the simulator. */
const blobSha = (bytes: Buffer) => createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');

/** A person's pull request changing a text file, a binary file and deleting a third, merged into main. */
async function mergedPull() {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens } = simulator.seed;
  const human = new Octokit({ auth: tokens.human, baseUrl: simulator.url, log: quiet });
  simulator.push('main', { 'docs/old.md': 'old\n' }, 'Old notes');
  simulator.createBranch('palette');
  simulator.push('palette', { 'src/total.js': 'export const total = 0;\n' }, 'Total');
  const put = await human.rest.repos.createOrUpdateFileContents({ owner, repo, path: 'assets/palette.bin', branch: 'palette', message: 'Palette', content: EVERY_BYTE.toString('base64') });
  const old = (await human.rest.repos.getContent({ owner, repo, path: 'docs/old.md', ref: 'palette' })).data as { sha: string };
  await human.rest.repos.deleteFile({ owner, repo, path: 'docs/old.md', branch: 'palette', message: 'Drop old notes', sha: old.sha });
  const pull = (await human.rest.pulls.create({ owner, repo, head: 'palette', base: 'main', title: 'Palette' })).data.number;
  const merged = await human.rest.pulls.merge({ owner, repo, pull_number: pull });
  const client = createGithubClient(tokens.agent, simulator.url);
  const scope = { fields: ['file:src/total.js', 'file:assets/palette.bin', 'file:docs/old.md', 'reverted', 'revert_open'] };
  return { owner, repo, human, pull, client, scope, mergeSha: merged.data.sha, paletteSha: put.data.content!.sha! };
}

/** The blob the simulator's main branch holds at `path`, from its own state. */
function blobOnMain(path: string): string | null {
  const state = simulator.inspect();
  return state.git.getCommit(state.git.refs.get('refs/heads/main')!)!.tree[path] ?? null;
}

describe('reading a merge for its rollback', () => {
  it('is one GraphQL request, with each changed file’s blob on the base (binary and deleted files too)', async () => {
    const { owner, repo, pull, client, scope, mergeSha } = await mergedPull();
    simulator.log.clear();
    const snapshot = await readMerge(client, owner, repo, pull, scope);
    expect(simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`)).toEqual(['POST /graphql']);
    expect(snapshot).toEqual({
      merged: true,
      base: 'main',
      head: 'palette',
      merge_commit_sha: mergeSha,
      reverted: false,
      revert_open: false,
      'file:src/total.js': blobOnMain('src/total.js'),
      'file:assets/palette.bin': blobSha(EVERY_BYTE),
      'file:docs/old.md': null,
    });
    expect(blobOnMain('src/total.js')).toBe(blobSha(Buffer.from('export const total = 0;\n')));
  });

  it('reads the same as through REST, a person’s later change and an open revert included', async () => {
    const { owner, repo, human, pull, client, scope } = await mergedPull();
    simulator.push('main', { 'src/total.js': 'export const total = 1;\n' }, 'A person fixes total');
    // An open revert of it on main, and a merged one on another base (not a revert of this merge).
    simulator.createBranch('revert-by-hand');
    simulator.push('revert-by-hand', { 'src/total.js': 'export const total = 2;\n' }, 'Revert by hand');
    await human.rest.pulls.create({ owner, repo, head: 'revert-by-hand', base: 'main', title: 'Revert "Palette"', body: `Reverts ${owner}/${repo}#${pull}` });
    simulator.createBranch('elsewhere', 'palette');
    simulator.push('elsewhere', { 'elsewhere.md': 'x\n' }, 'Elsewhere');
    const elsewhere = await human.rest.pulls.create({ owner, repo, head: 'elsewhere', base: 'palette', title: 'Revert "Palette"', body: `Reverts ${owner}/${repo}#${pull}` });
    await human.rest.pulls.merge({ owner, repo, pull_number: elsewhere.data.number });
    const graphql = await readMerge(client, owner, repo, pull, scope);
    expect(graphql).toMatchObject({ reverted: false, revert_open: true, 'file:src/total.js': blobSha(Buffer.from('export const total = 1;\n')) });

    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) });
    simulator.log.clear();
    const rest = await readMerge(client, owner, repo, pull, scope);
    expect(simulator.log.entries().filter((entry) => entry.path !== '/graphql')).toHaveLength(2 + 3);
    expect(rest).toEqual(graphql);
  });

  it('is null for a pull request that does not exist, or an issue’s number', async () => {
    const { owner, repo, client, scope } = await mergedPull();
    expect(await readMerge(client, owner, repo, 999, scope)).toBeNull();
    expect(await readMerge(client, owner, repo, 1, scope)).toBeNull();
    expect(await readMerge(client, owner, repo, 999)).toBeNull();
  });

  it('without a scope, reads every file the pull request changed (its file list, then the one query)', async () => {
    const { owner, repo, pull, client, scope } = await mergedPull();
    simulator.log.clear();
    expect(await readMerge(client, owner, repo, pull)).toEqual(await readMerge(client, owner, repo, pull, scope));
    expect(simulator.log.entries().map((entry) => `${entry.method} ${entry.path}`)).toEqual([`GET /repos/${owner}/${repo}/pulls/${pull}/files`, 'POST /graphql', 'POST /graphql']);
  });
});

describe('the simulator’s GraphQL for it, as GitHub answers', () => {
  it('serves mergeCommit, the base ref’s files (null where nothing is, no error) and pull requests by state and base', async () => {
    const { owner, repo, human, pull, mergeSha, paletteSha } = await mergedPull();
    const answer = await human.graphql<{ repository: Record<string, any> }>(
      `query($owner: String!, $name: String!, $number: Int!) {
        repository(owner: $owner, name: $name) {
          pullRequest(number: $number) { mergeCommit { oid } baseRef { name target { ... on Commit { bin: file(path: "assets/palette.bin") { type oid path } dir: file(path: "assets") { type name } gone: file(path: "docs/old.md") { oid } } } } }
          merged: pullRequests(states: [MERGED], first: 10) { totalCount nodes { number state } }
          open: pullRequests(states: [OPEN], first: 10) { totalCount nodes { number } }
          other: pullRequests(baseRefName: "release", first: 10) { totalCount }
        }
      }`,
      { owner, name: repo, number: pull },
    );
    expect(answer.repository.pullRequest).toMatchObject({ mergeCommit: { oid: mergeSha }, baseRef: { name: 'main', target: { bin: { type: 'blob', oid: paletteSha, path: 'assets/palette.bin' }, dir: { type: 'tree', name: 'assets' }, gone: null } } });
    expect(answer.repository.merged).toEqual({ totalCount: 1, nodes: [{ number: pull, state: 'MERGED' }] });
    expect(answer.repository.open).toEqual({ totalCount: 0, nodes: [] });
    expect(answer.repository.other).toEqual({ totalCount: 0 });
  });

  it('refuses a file without its path, and a page of pull requests without first or last', async () => {
    const { owner, repo, human, pull } = await mergedPull();
    const missing = await human.request('POST /graphql', { query: `{ repository(owner: "${owner}", name: "${repo}") { pullRequest(number: ${pull}) { baseRef { target { ... on Commit { file { oid } } } } } } }` });
    expect(missing.data).toEqual({ errors: [expect.objectContaining({ message: "Field 'file' is missing required arguments: path" })] });
    const unpaged = await human.request('POST /graphql', { query: `{ repository(owner: "${owner}", name: "${repo}") { pullRequests(states: [OPEN]) { totalCount } } }` });
    expect(unpaged.data).toMatchObject({ data: { repository: { pullRequests: null } }, errors: [{ type: 'MISSING_PAGINATION_BOUNDARIES' }] });
  });
});
