// Refs, commits and file contents of the simulated GitHub: every write is a real commit on a branch.
import type { Router, SimulatorRequest } from '@backspace/simulator-kit';
import { formatContentDirectory, formatContentFile, formatFileCommit, formatGitCommit, formatRef } from './format.js';
import { bodyOf, githubError, notFound, repoOf, validationFailed, writableRepoOf, type RouteContext } from './context.js';
import { subtreeSha, type GitActor } from './git.js';
import { settlePullsOfDeletedBranch } from './routes-pulls.js';
import { moveRef } from './activity.js';
import type { RepoState } from './state.js';

const base = '/repos/:owner/:repo';

export function addGitRoutes(router: Router, context: RouteContext): void {
  const refsMatching = (repo: RepoState, prefix: string) =>
    [...repo.git.refs.entries()].filter(([ref]) => ref.startsWith(prefix)).sort(([a], [b]) => a.localeCompare(b)).map(([ref, sha]) => formatRef(context.urls, repo, ref, sha));

  router.get(`${base}/git/ref/*ref`, (request) => {
    const repo = repoOf(context, request);
    const ref = `refs/${request.params.ref}`;
    const sha = repo.git.refs.get(ref);
    if (!sha) throw notFound();
    return { status: 200, body: formatRef(context.urls, repo, ref, sha) };
  });
  router.get(`${base}/git/matching-refs/*ref`, (request) => {
    const repo = repoOf(context, request);
    return { status: 200, body: refsMatching(repo, `refs/${request.params.ref}`) };
  });
  // The older listing endpoint, still answered by api.github.com (the `git-refs` recording uses it).
  router.get(`${base}/git/refs`, (request) => ({ status: 200, body: refsMatching(repoOf(context, request), 'refs/') }));

  router.post(`${base}/git/refs`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const body = bodyOf(request);
    const ref = body.ref;
    const sha = body.sha;
    if (typeof ref !== 'string' || !/^refs\/[^/]+\/.+/.test(ref)) throw githubError(422, 'Reference name is invalid');
    if (typeof sha !== 'string' || !repo.git.getCommit(sha)) throw githubError(422, 'Object does not exist');
    if (repo.git.refs.has(ref)) throw githubError(422, 'Reference already exists');
    moveRef(repo, ref, sha, actor, context.now());
    return { status: 201, body: formatRef(context.urls, repo, ref, sha) };
  });

  router.patch(`${base}/git/refs/*ref`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const ref = `refs/${request.params.ref}`;
    const current = repo.git.refs.get(ref);
    const body = bodyOf(request);
    if (!current) throw githubError(422, 'Reference does not exist');
    if (typeof body.sha !== 'string' || !repo.git.getCommit(body.sha)) throw githubError(422, 'Object does not exist');
    if (body.force !== true && !repo.git.ancestors(body.sha).has(current)) throw githubError(422, 'Update is not a fast forward');
    moveRef(repo, ref, body.sha, actor, context.now());
    return { status: 200, body: formatRef(context.urls, repo, ref, body.sha) };
  });

  router.delete(`${base}/git/refs/*ref`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const ref = `refs/${request.params.ref}`;
    if (!repo.git.refs.has(ref)) throw githubError(422, 'Reference does not exist');
    moveRef(repo, ref, null, actor, context.now());
    if (ref.startsWith('refs/heads/')) settlePullsOfDeletedBranch(repo, ref.slice('refs/heads/'.length), actor, context.now());
    return { status: 204 };
  });

  router.get(`${base}/git/commits/:sha`, (request) => {
    const repo = repoOf(context, request);
    const commit = repo.git.getCommit(request.params.sha!);
    if (!commit) throw notFound();
    return { status: 200, body: formatGitCommit(context.urls, repo, commit) };
  });

  const readContent = (request: SimulatorRequest, path: string) => {
    const repo = repoOf(context, request);
    const branch = request.query.ref ?? repo.defaultBranch;
    const tip = repo.git.refs.get(`refs/heads/${branch}`) ?? (repo.git.getCommit(branch) ? branch : undefined);
    if (!tip) throw githubError(404, `No commit found for the ref ${branch}`);
    const tree = repo.git.getCommit(tip)!.tree;
    const blob = tree[path];
    if (blob) {
      if ((request.headers.accept ?? '').includes('raw')) return { status: 200, headers: { 'content-type': 'application/vnd.github.raw; charset=utf-8' }, body: repo.git.blobs.get(blob) ?? Buffer.alloc(0) };
      return { status: 200, body: formatContentFile(context.urls, repo, path, branch, blob, true) };
    }
    const prefix = path === '' ? '' : `${path}/`;
    const entries = Object.keys(tree).filter((candidate) => candidate.startsWith(prefix));
    if (entries.length === 0) throw notFound();
    // Like GitHub, a listing holds this level's files and its subdirectories (type "dir"), not deeper files.
    const files = entries.filter((entry) => !entry.slice(prefix.length).includes('/'));
    const directories = [...new Set(entries.filter((entry) => entry.slice(prefix.length).includes('/')).map((entry) => prefix + entry.slice(prefix.length).split('/')[0]!))];
    const listing = [
      ...files.map((file) => formatContentFile(context.urls, repo, file, branch, tree[file]!, false)),
      ...directories.map((directory) => formatContentDirectory(context.urls, repo, directory, branch, subtreeSha(tree, `${directory}/`))),
    ];
    return { status: 200, body: listing.sort((left, right) => left.name.localeCompare(right.name)) };
  };
  router.get(`${base}/contents`, (request) => readContent(request, ''));
  router.get(`${base}/contents/*path`, (request) => readContent(request, request.params.path!));

  router.put(`${base}/contents/*path`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const path = request.params.path!;
    const body = bodyOf(request);
    if (typeof body.message !== 'string' || body.message === '') throw validationFailed([{ resource: 'Commit', code: 'missing_field', field: 'message' }]);
    if (typeof body.content !== 'string' || !/^[A-Za-z0-9+/\r\n]*={0,2}$/.test(body.content)) throw githubError(422, 'content is not valid Base64');
    const { branch, tip } = branchTip(repo, body.branch);
    const existing = tip.tree[path];
    if (existing && body.sha === undefined) throw githubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
    if (existing && body.sha !== existing) throw githubError(409, `${path} does not match ${String(body.sha)}`);
    if (!existing && body.sha !== undefined && body.sha !== null) throw githubError(409, `${path} does not match ${String(body.sha)}`);
    // GitHub stores the decoded bytes as they are: base64 in, bytes in the blob, base64 out.
    const blob = repo.git.writeBlob(Buffer.from(body.content, 'base64'));
    const commit = commitOnBranch(repo, branch, { ...tip.tree, [path]: blob }, body.message, actor, context.now());
    return { status: existing ? 200 : 201, body: formatFileCommit(context.urls, repo, path, branch, blob, commit) };
  });

  router.delete(`${base}/contents/*path`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const path = request.params.path!;
    const body = bodyOf(request);
    if (typeof body.message !== 'string' || body.message === '') throw validationFailed([{ resource: 'Commit', code: 'missing_field', field: 'message' }]);
    const { branch, tip } = branchTip(repo, body.branch);
    const existing = tip.tree[path];
    if (!existing) throw notFound();
    if (typeof body.sha !== 'string') throw githubError(422, `Invalid request.\n\n"sha" wasn't supplied.`);
    if (body.sha !== existing) throw githubError(409, `${path} does not match ${body.sha}`);
    const tree = { ...tip.tree };
    delete tree[path];
    const commit = commitOnBranch(repo, branch, tree, body.message, actor, context.now());
    return { status: 200, body: formatFileCommit(context.urls, repo, null, branch, null, commit) };
  });
}

function branchTip(repo: RepoState, requested: unknown) {
  const branch = typeof requested === 'string' && requested !== '' ? requested : repo.defaultBranch;
  const sha = repo.git.refs.get(`refs/heads/${branch}`);
  if (!sha) throw githubError(404, `Branch ${branch} not found`);
  return { branch, tip: repo.git.getCommit(sha)! };
}

export function commitOnBranch(repo: RepoState, branch: string, tree: Record<string, string>, message: string, actor: GitActor, date: string) {
  const parent = repo.git.refs.get(`refs/heads/${branch}`);
  const commit = repo.git.commit(tree, parent ? [parent] : [], message, actor, date);
  moveRef(repo, `refs/heads/${branch}`, commit.sha, actor, date);
  return commit;
}
