// The repository itself, its commits (newest first, by path) and comparisons between two commits
// (`base...head`) of the simulated GitHub.
import type { Router } from '@backspace/simulator-kit';
import { formatDiffEntry, formatRepoCommit, htmlRepoUrl, repoUrl } from './format.js';
import { formatFullRepository } from './format-pull.js';
import { changedPaths } from './git.js';
import { githubError, repoOf, type RouteContext } from './context.js';
import { page } from './routes-issues.js';
import type { RepoState } from './state.js';

const base = '/repos/:owner/:repo';

export function addRepoRoutes(router: Router, context: RouteContext): void {
  router.get(base, (request) => {
    const repo = repoOf(context, request);
    return { status: 200, body: formatFullRepository(context.urls, repo) };
  });

  // GET /repos/{owner}/{repo}/commits: the commits reachable from `sha` (a branch or a commit; the default
  // branch when absent), newest first; with `path`, only those that changed it (as git's default history
  // does: a commit that left the path as one of its parents had it is not listed).
  router.get(`${base}/commits`, (request) => {
    const repo = repoOf(context, request);
    const tip = resolve(repo, request.query.sha ?? repo.defaultBranch);
    const path = request.query.path;
    const reachable = [...repo.git.ancestors(tip)].map((sha) => repo.git.getCommit(sha)!);
    const changed = (commit: (typeof reachable)[number]) =>
      path === undefined || (commit.parents.length === 0 ? commit.tree[path] !== undefined : commit.parents.every((parent) => repo.git.getCommit(parent)!.tree[path] !== commit.tree[path]));
    const listed = reachable.filter(changed).sort((left, right) => right.date.localeCompare(left.date) || reachable.indexOf(left) - reachable.indexOf(right));
    return page(listed, request, context, (commit) => formatRepoCommit(context.urls, repo, commit));
  });

  router.get(`${base}/compare/*basehead`, (request) => {
    const repo = repoOf(context, request);
    const basehead = request.params.basehead!;
    const separator = basehead.indexOf('...');
    if (separator < 0) throw githubError(404, 'Not Found');
    const baseSha = resolve(repo, basehead.slice(0, separator));
    const headSha = resolve(repo, basehead.slice(separator + 3));
    const comparison = repo.git.compare(baseSha, headSha);
    if (!comparison) throw githubError(404, `No common ancestor between ${basehead.slice(0, separator)} and ${basehead.slice(separator + 3)}.`);
    const { mergeBase, aheadBy, behindBy, status } = comparison;
    const before = repo.git.getCommit(mergeBase)!.tree;
    const after = repo.git.getCommit(headSha)!.tree;
    const commit = (sha: string) => formatRepoCommit(context.urls, repo, repo.git.getCommit(sha)!);
    const compare = `${repoUrl(context.urls, repo)}/compare/${basehead}`;
    const html = `${htmlRepoUrl(context.urls, repo)}/compare/${basehead}`;
    return {
      status: 200,
      body: {
        url: compare,
        html_url: html,
        permalink_url: `${htmlRepoUrl(context.urls, repo)}/compare/${baseSha.slice(0, 7)}...${headSha.slice(0, 7)}`,
        diff_url: `${html}.diff`,
        patch_url: `${html}.patch`,
        base_commit: commit(baseSha),
        merge_base_commit: commit(mergeBase),
        status,
        ahead_by: aheadBy,
        behind_by: behindBy,
        total_commits: aheadBy,
        commits: repo.git.commitsBetween(mergeBase, headSha).map((found) => commit(found.sha)),
        files: changedPaths(before, after).map((path) => formatDiffEntry(context.urls, repo, headSha, path, before[path], after[path])),
      },
    };
  });
}

/** A branch name or a commit sha, as compare accepts them; anything else is GitHub's 404. */
function resolve(repo: RepoState, name: string): string {
  const sha = repo.git.refs.get(`refs/heads/${name}`) ?? (repo.git.getCommit(name) ? name : undefined);
  if (!sha) throw githubError(404, 'Not Found');
  return sha;
}
