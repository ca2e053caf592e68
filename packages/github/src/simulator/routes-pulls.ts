// Pull requests of the simulated GitHub: create, list, read, update, list files, merge.
import type { Router, SimulatorRequest } from '@backspace/simulator-kit';
import { formatDiffEntry } from './format.js';
import { formatPull } from './format-pull.js';
import { bodyOf, githubError, notFound, positiveInt, repoOf, validationFailed, writableRepoOf, type RouteContext } from './context.js';
import type { GitActor } from './git.js';
import { performMerge, previewMerge, pullChanges, type MergeMethod } from './merging.js';
import { page } from './routes-issues.js';
import { recordIssueEvents, trackedFields } from './issue-events.js';
import { nextId, type IssueRecord, type PullRecord, type RepoState } from './state.js';

const base = '/repos/:owner/:repo';
/** GitHub lists at most this many of a pull request's files, however many pages are asked. */
const MAX_LISTED_FILES = 3000;

/** The head follows its branch until the pull request is merged or closed. */
export function refreshHead(repo: RepoState, pull: PullRecord, issue: IssueRecord): void {
  if (issue.state !== 'open') return;
  const tip = repo.git.refs.get(`refs/heads/${pull.head}`);
  if (tip) pull.headSha = tip;
}

export function pullBody(context: RouteContext, repo: RepoState, pull: PullRecord, detailed: boolean) {
  const issue = repo.issues.get(pull.number)!;
  refreshHead(repo, pull, issue);
  if (!detailed) return formatPull(context.urls, repo, issue, pull, null);
  const preview = previewMerge(repo, pull);
  return formatPull(context.urls, repo, issue, pull, {
    mergeable: preview ? preview.conflicts.length === 0 : false,
    files: pullChanges(repo, pull).length,
    commits: Math.max(1, preview?.commits.length ?? 1),
  });
}

export function openPull(repo: RepoState, fields: { title: string; body: string | null; head: string; base: string; draft: boolean }, actor: GitActor, now: string): PullRecord {
  const number = repo.nextNumber++;
  const issue: IssueRecord = {
    number, id: nextId(repo), title: fields.title, body: fields.body, state: 'open', state_reason: null, labels: [], assignees: [], milestone: null,
    user: actor, created_at: now, updated_at: now, closed_at: null, closed_by: null, editor: null, last_edited_at: null, locked: false, isPull: true,
  };
  const pull: PullRecord = {
    number, id: nextId(repo), head: fields.head, base: fields.base, headSha: repo.git.refs.get(`refs/heads/${fields.head}`)!,
    merged_at: null, merged_by: null, merge_commit_sha: null, baseShaBeforeMerge: null, draft: fields.draft,
  };
  repo.issues.set(number, issue);
  repo.pulls.set(number, pull);
  return pull;
}

/**
 * A branch deleted: GitHub closes every open pull request from it or into it, except that one into a
 * branch whose own pull request was merged moves onto that pull request's base instead.
 */
export function settlePullsOfDeletedBranch(repo: RepoState, branch: string, actor: GitActor, now: string): void {
  const merged = [...repo.pulls.values()].find((pull) => pull.head === branch && pull.merged_at);
  for (const pull of repo.pulls.values()) {
    const issue = repo.issues.get(pull.number)!;
    if (issue.state !== 'open' || (pull.head !== branch && pull.base !== branch)) continue;
    if (pull.head !== branch && merged) {
      pull.base = merged.base;
      continue;
    }
    const before = trackedFields(issue);
    Object.assign(issue, { state: 'closed', closed_at: now, closed_by: actor, updated_at: now });
    recordIssueEvents(repo, before, issue, actor, now);
  }
}

export function mergePull(context: RouteContext, repo: RepoState, pull: PullRecord, actor: GitActor, options: { method: MergeMethod; title?: string; message?: string; sha?: string }) {
  const issue = repo.issues.get(pull.number)!;
  refreshHead(repo, pull, issue);
  if (issue.state !== 'open' || pull.merged_at) throw githubError(405, 'Pull Request is not mergeable');
  if (options.sha !== undefined && options.sha !== pull.headSha) throw githubError(409, 'Head branch was modified. Review and try the merge again.');
  const defaultTitle = options.method === 'merge' ? `Merge pull request #${pull.number} from ${repo.owner.login}/${pull.head}` : `${issue.title} (#${pull.number})`;
  const message = [options.title ?? defaultTitle, options.message ?? (options.method === 'merge' ? issue.title : '')].filter(Boolean).join('\n\n');
  const baseBefore = repo.git.refs.get(`refs/heads/${pull.base}`)!;
  const outcome = performMerge(repo, pull, options.method, message, actor, context.now());
  if ('conflicts' in outcome) throw githubError(405, 'Pull Request is not mergeable');
  const now = context.now();
  Object.assign(pull, { merged_at: now, merged_by: actor, merge_commit_sha: outcome.sha, baseShaBeforeMerge: baseBefore });
  const before = trackedFields(issue);
  Object.assign(issue, { state: 'closed', closed_at: now, closed_by: actor, updated_at: now });
  recordIssueEvents(repo, before, issue, actor, now);
  return { sha: outcome.sha, merged: true, message: 'Pull Request successfully merged' };
}

export function addPullRoutes(router: Router, context: RouteContext): void {
  const pullOf = (repo: RepoState, request: SimulatorRequest) => {
    const pull = repo.pulls.get(positiveInt(request.params.number));
    if (!pull) throw notFound();
    return pull;
  };

  router.get(`${base}/pulls`, (request) => {
    const repo = repoOf(context, request);
    const state = request.query.state ?? 'open';
    const head = request.query.head?.includes(':') ? request.query.head.split(':')[1] : request.query.head;
    let pulls = [...repo.pulls.values()].filter((pull) => state === 'all' || repo.issues.get(pull.number)!.state === state);
    if (head) pulls = pulls.filter((pull) => pull.head === head);
    if (request.query.base) pulls = pulls.filter((pull) => pull.base === request.query.base);
    const ascending = request.query.direction === 'asc';
    pulls.sort((a, b) => (ascending ? a.number - b.number : b.number - a.number));
    return page(pulls, request, context, (pull) => pullBody(context, repo, pull, false));
  });

  router.post(`${base}/pulls`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const body = bodyOf(request);
    const head = typeof body.head === 'string' ? (body.head.includes(':') ? body.head.split(':')[1]! : body.head) : '';
    const baseBranch = typeof body.base === 'string' ? body.base : '';
    if (typeof body.title !== 'string' || body.title === '') throw validationFailed([{ resource: 'PullRequest', code: 'missing_field', field: 'title' }]);
    if (!repo.git.refs.has(`refs/heads/${baseBranch}`)) throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'base' }]);
    if (!repo.git.refs.has(`refs/heads/${head}`)) throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'head' }]);
    const duplicate = [...repo.pulls.values()].find((pull) => pull.head === head && pull.base === baseBranch && repo.issues.get(pull.number)!.state === 'open');
    if (duplicate) throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${repo.owner.login}:${head}.` }]);
    const headSha = repo.git.refs.get(`refs/heads/${head}`)!;
    if (repo.git.ancestors(repo.git.refs.get(`refs/heads/${baseBranch}`)!).has(headSha)) {
      throw validationFailed([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${baseBranch} and ${head}` }]);
    }
    const pull = openPull(repo, { title: body.title, body: typeof body.body === 'string' ? body.body : null, head, base: baseBranch, draft: body.draft === true }, actor, context.now());
    return { status: 201, body: pullBody(context, repo, pull, true) };
  });

  router.get(`${base}/pulls/:number`, (request) => {
    const repo = repoOf(context, request);
    return { status: 200, body: pullBody(context, repo, pullOf(repo, request), true) };
  });

  router.patch(`${base}/pulls/:number`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const pull = pullOf(repo, request);
    const issue = repo.issues.get(pull.number)!;
    const body = bodyOf(request);
    refreshHead(repo, pull, issue);
    const before = trackedFields(issue);
    if (typeof body.title === 'string') issue.title = body.title;
    if (typeof body.body === 'string' && body.body !== issue.body) Object.assign(issue, { body: body.body, editor: actor, last_edited_at: context.now() });
    if (body.state === 'closed' && issue.state === 'open') Object.assign(issue, { state: 'closed', closed_at: context.now(), closed_by: actor });
    if (body.state === 'open' && issue.state === 'closed') {
      if (pull.merged_at) throw validationFailed([{ resource: 'PullRequest', code: 'custom', field: 'state', message: 'state cannot be changed. The pull request has been merged.' }]);
      Object.assign(issue, { state: 'open', closed_at: null, closed_by: null });
    }
    issue.updated_at = context.now();
    recordIssueEvents(repo, before, issue, actor, issue.updated_at);
    return { status: 200, body: pullBody(context, repo, pull, true) };
  });

  router.get(`${base}/pulls/:number/files`, (request) => {
    const repo = repoOf(context, request);
    const pull = pullOf(repo, request);
    refreshHead(repo, pull, repo.issues.get(pull.number)!);
    // GitHub lists at most 3000 of a pull request's files ("Responses include a maximum of 3000 files");
    // `changed_files` on the pull request still counts them all.
    const files = pullChanges(repo, pull).slice(0, MAX_LISTED_FILES).map(({ path, before, after }) => formatDiffEntry(context.urls, repo, pull.headSha, path, before, after));
    return page(files, request, context, (file) => file);
  });

  router.put(`${base}/pulls/:number/merge`, (request) => {
    const { repo, actor } = writableRepoOf(context, request);
    const pull = pullOf(repo, request);
    const body = bodyOf(request);
    const method = (body.merge_method ?? 'merge') as string;
    if (!['merge', 'squash', 'rebase'].includes(method)) throw validationFailed([{ resource: 'PullRequest', code: 'invalid', field: 'merge_method' }]);
    const result = mergePull(context, repo, pull, actor, {
      method: method as MergeMethod,
      ...(typeof body.commit_title === 'string' ? { title: body.commit_title } : {}),
      ...(typeof body.commit_message === 'string' ? { message: body.commit_message } : {}),
      ...(typeof body.sha === 'string' ? { sha: body.sha } : {}),
    });
    return { status: 200, body: result };
  });
}
