// Reads GitHub objects in snapshot form: the fields rollback compares, null once the object is gone.
import { nullWhenGone, resourceKey, type ReadScope, type ResourceRef, type Snapshot } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { graphqlData } from './graphql-data.js';
import { issueSnapshot } from './issue-snapshot.js';
import { branchState } from './branch-history.js';
import { readBranch } from './read-branch.js';
import { listPullFiles } from './pull-files.js';
import { readIssues } from './read-issues.js';
import { answeredAddress, movedTo } from './issue-moved.js';
import { commentRef, fileRef, issueRef, parseRef } from './resources.js';

export { issueSnapshot };

/**
 * An issue in snapshot form, plus `comment_keys`: the resource keys of the comments on it, in the form
 * a comment's own action names it. A rollback tells the session's own comments (it deletes them first)
 * from anyone else's, another session on the same token included, through the journal. One GraphQL
 * request; through REST (the issue, then its comments) when GraphQL is not served or a list overflows.
 */
export async function readIssue(client: GithubClient, owner: string, repo: string, issue_number: number): Promise<Snapshot | null> {
  const ref = issueRef(owner, repo, issue_number);
  const found = await readIssues(client, [ref]);
  if (found.has(resourceKey(ref))) return found.get(resourceKey(ref)) ?? null;
  const issue = await nullWhenGone(() => client.rest.issues.get({ owner, repo, issue_number }));
  if (!issue) return null;
  const moved = await movedTo(client, owner, repo, issue_number, issue.data);
  // Its comments and events are not served at the old address: what counts is that a person moved it.
  // Its milestone is one of the other repository's, named with it: the number a write here named is
  // another milestone there (or none), never one to put the moved issue back into.
  if (moved) return { ...issueSnapshot(issue.data), milestone: `${moved.split('#')[0]} milestone ${issue.data.milestone?.number ?? 'none'}`, moved_to: moved, comment_keys: [] };
  const comments = issue.data.comments > 0 ? await client.octokit.paginate(client.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }) : [];
  // A pull request's conversation: who merged it (the issue names only when), asked only once it is merged.
  const pull = issue.data.pull_request;
  const merged_by = pull ? (pull.merged_at ? ((await client.rest.pulls.get({ owner, repo, pull_number: issue_number })).data.merged_by?.login ?? 'ghost') : null) : undefined;
  return { ...issueSnapshot({ ...issue.data, ...(merged_by !== undefined ? { merged_by } : {}) }), comment_keys: comments.map((comment) => resourceKey(commentRef(owner, repo, comment.id))) };
}

/**
 * A comment in snapshot form. Asked with the issue it was written on (`issue_number`, which a rollback
 * passes as a `moved_to:#N` field of its scope, see `movedWithIssue`), a comment GitHub no longer
 * answers at its address is looked for where that issue went, should a person have transferred it: the
 * comment went along, and reads there as it is (its undo deletes it there). Found nowhere, the snapshot
 * names where the issue went (`moved_to:#N`) and holds nothing of the comment, so its step is kept,
 * never taken for a comment already deleted while it may sit on the moved issue. Still one request while
 * the comment is where it was written.
 */
export async function readComment(client: GithubClient, owner: string, repo: string, comment_id: number, issue_number?: number): Promise<Snapshot | null> {
  const comment = await nullWhenGone(() => client.rest.issues.getComment({ owner, repo, comment_id }));
  if (comment) return commentSnapshot(comment.data);
  const went = issue_number === undefined ? null : await whereCommentWent(client, owner, repo, comment_id, issue_number);
  if (!went) return null;
  return went.comment ? commentSnapshot(went.comment) : { body: null, author: null, [movedWithIssue(issue_number!)]: went.location };
}

/** A comment as GitHub answered it, and the number of the issue it is on (never compared: it tells an undo where to look). */
function commentSnapshot(comment: { body?: string | null; user: { login: string } | null; issue_url: string }): Snapshot {
  const issue_number = Number(/\/issues\/(\d+)$/.exec(comment.issue_url)?.[1]);
  return { body: comment.body ?? null, author: comment.user?.login ?? null, ...(issue_number > 0 ? { issue_number } : {}) };
}

/**
 * The snapshot field that carries a comment's issue into its read (`moved_to:#42`): where issue #42 went
 * when a person transferred it and the comment cannot be found there; absent otherwise.
 */
export const movedWithIssue = (issue_number: number): string => `moved_to:#${issue_number}`;

/** The issue a comment was written on, as a read's scope carries it (`movedWithIssue`). */
export function issueOfScope(scope: ReadScope | undefined): number | undefined {
  const field = scope?.fields.find((candidate) => /^moved_to:#\d+$/.test(candidate));
  return field === undefined ? undefined : Number(field.slice('moved_to:#'.length));
}

/**
 * Where a comment GitHub does not answer at `owner/repo` is now: null when its issue is still there (so
 * the comment was deleted) or gone itself; otherwise where the issue went (`owner/repo#number`), its
 * repository, and the comment as GitHub answers it there by its id, null when it answers nothing.
 * GitHub keeps a comment's id when its issue is transferred (ids are global); a 404 there is read as
 * not found, never as deleted, since what GitHub does with a moved comment is not documented.
 */
export async function whereCommentWent(client: GithubClient, owner: string, repo: string, comment_id: number, issue_number: number) {
  const issue = await nullWhenGone(() => client.rest.issues.get({ owner, repo, issue_number }));
  const location = issue && (await movedTo(client, owner, repo, issue_number, issue.data));
  if (!issue || !location) return null;
  const { owner: there, repo: thereRepo } = answeredAddress(issue.data);
  const comment = await nullWhenGone(() => client.rest.issues.getComment({ owner: there, repo: thereRepo, comment_id }));
  return { location, owner: there, repo: thereRepo, comment: comment?.data ?? null };
}

/** The repository's default branch, as GitHub names it now. */
export async function defaultBranch(client: GithubClient, owner: string, repo: string): Promise<string> {
  return (await client.rest.repos.get({ owner, repo })).data.default_branch;
}

/**
 * A file in snapshot form: its blob sha and its bytes as base64 (`content_base64`), never decoded to
 * text, so a binary file is restored byte for byte.
 */
export async function readFile(client: GithubClient, owner: string, repo: string, branch: string, path: string): Promise<Snapshot | null> {
  const found = await nullWhenGone(() => client.rest.repos.getContent({ owner, repo, path, ...(branch ? { ref: branch } : {}) }));
  if (!found || Array.isArray(found.data) || found.data.type !== 'file') return null;
  const file = found.data as { sha: string; content?: string };
  return { sha: file.sha, content_base64: normalizeBase64(file.content ?? '') };
}

/** GitHub wraps base64 at 60 characters; the same bytes always read back as the same string. */
export function normalizeBase64(text: string): string {
  return Buffer.from(text, 'base64').toString('base64');
}

/**
 * A file as a rollback reads it, on the branch its step names. Absent, it is gone only while that branch
 * is there, or once this token deleted the branch (a rollback taking away the agent's own branch, its
 * files with it). A branch gone by its name otherwise was renamed (the agent's commit on a default
 * branch renamed from main to trunk lives on under the new name; GitHub answers nothing under the old
 * one) or deleted by someone else, who may have merged it first: the file then reads as neither the
 * agent's nor gone (`sha: null`), so its step is a conflict left in place, never "already undone" while
 * the agent's content may remain. One request while the file is there; two or three when it is not.
 */
export async function readFileOnBranch(client: GithubClient, owner: string, repo: string, branch: string, path: string): Promise<Snapshot | null> {
  const file = await readFile(client, owner, repo, branch, path);
  if (file || !branch || (await branchState(client, owner, repo, branch)) !== 'elsewhere') return file;
  return { sha: null, content_base64: null, branch_gone: `branch ${branch} no longer exists by that name: renamed, or deleted by someone else` };
}

export async function readPull(client: GithubClient, owner: string, repo: string, pull_number: number): Promise<Snapshot | null> {
  const pull = await nullWhenGone(() => client.rest.pulls.get({ owner, repo, pull_number }));
  return pull ? pullSnapshot(pull.data) : null;
}

/** A pull request in snapshot form, from a read or a write's own answer. */
export function pullSnapshot({ title, body, state, merged, head, base, user }: { title: string; body: string | null; state: string; merged: boolean; head: { ref: string }; base: { ref: string }; user: { login: string } | null }): Snapshot {
  return { title, body: body ?? null, state, merged, head: head.ref, base: base.ref, author: user?.login ?? null };
}

/** How many of the repository's newest open and merged pull requests one merge read looks through for reverts. */
const REVERT_WINDOW = 100;

/**
 * The merge read as one GraphQL query: the pull request (merged, base, head, merge commit), the blob of
 * each of `paths` on its base branch as it is now (`baseRef`, so the base need not be known before
 * asking; null once the branch is deleted), and the repository's newest open and merged pull requests,
 * among which GitHub's reverts of it are told by their body.
 */
export function mergeDocument(owner: string, repo: string, pull_number: number, paths: readonly string[]): string {
  const files = paths.map((path, index) => `f${index}: file(path: ${JSON.stringify(path)}) { type oid }`).join('\n            ');
  return `query BackspaceMerge {
  repository(owner: ${JSON.stringify(owner)}, name: ${JSON.stringify(repo)}) {
    nameWithOwner
    pullRequest(number: ${pull_number}) {
      merged baseRefName headRefName mergeCommit { oid }
      baseRef { target { ... on Commit { oid
            ${files} } } }
    }
    pullRequests(states: [OPEN, MERGED], first: ${REVERT_WINDOW}, orderBy: {field: CREATED_AT, direction: DESC}) {
      totalCount nodes { number state baseRefName body }
    }
  }
}`;
}

interface MergeAnswer {
  repository: {
    nameWithOwner: string;
    pullRequest: { merged: boolean; baseRefName: string; headRefName: string; mergeCommit: { oid: string } | null; baseRef: { target: Record<string, { type: string; oid: string } | string | null> | null } | null } | null;
    pullRequests: { totalCount: number; nodes: ({ number: number; state: string; baseRefName: string; body: string } | null)[] };
  } | null;
}

/**
 * Which of `pulls` are GitHub's reverts of `number` (their body says `Reverts owner/repo#N`), by any of
 * the repository's `names`: as the agent's write named it, and as GitHub names it now, which is how its
 * revert spells it once a person renamed the repository (a rollback that missed its own open revert
 * would open another on every retry).
 */
function revertsAmong<T extends { body: string | null }>(pulls: T[], names: readonly string[], number: number): T[] {
  // GitHub spells the repository as it names it; owner and repository names are case-insensitive.
  const patterns = [...new Set(names.map((name) => name.toLowerCase()))].map((name) => new RegExp(`^Reverts ${escape(name)}#${number}(?!\\d)`, 'i'));
  return pulls.filter((pull) => patterns.some((pattern) => pattern.test(pull.body ?? '')));
}

/** Open or merged pull requests GitHub's revert created for `number` on `base`, through REST. */
export async function findReverts(client: GithubClient, owner: string, repo: string, number: number, base: string) {
  const pulls = await client.rest.pulls.list({ owner, repo, state: 'all', base, per_page: 100 });
  // Each names the repository as GitHub calls it now (`base.repo`), a new name after a rename.
  const names = [`${owner}/${repo}`, ...pulls.data.map((pull) => pull.base.repo.full_name)];
  return revertsAmong(pulls.data, names, number).map((pull) => ({ number: pull.number, merged: pull.merged_at !== null, open: pull.state === 'open' }));
}

/**
 * A merge in snapshot form: whether a revert of it is merged or open, and the base branch's blob of
 * every file the pull request changed (a later commit by someone else to one of them shows up here).
 * With a `scope` (planning, verification), only the files it names as `file:<path>` are read: the paths
 * the merge changed, as its staged inverse recorded them, so the pull request's file list is not asked.
 * One GraphQL request for all of it (#19); through REST when GraphQL is not served or refused.
 */
export async function readMerge(client: GithubClient, owner: string, repo: string, pull_number: number, scope?: ReadScope): Promise<Snapshot | null> {
  let paths: string[];
  if (scope) paths = scope.fields.filter((field) => field.startsWith('file:')).map((field) => field.slice('file:'.length));
  else {
    const listed = await nullWhenGone(() => listPullFiles(client, owner, repo, pull_number));
    if (!listed) return null;
    paths = listed.files.map((file) => file.filename);
  }
  const answer = await graphqlData<MergeAnswer>(client, mergeDocument(owner, repo, pull_number, paths), { otherErrors: 'fall back' });
  if (!answer) return readMergeRest(client, owner, repo, pull_number, paths);
  const pull = answer.repository?.pullRequest;
  if (!answer.repository || !pull) return null;
  const window = answer.repository.pullRequests;
  const onBase = window.nodes.flatMap((node) => (node !== null && node.baseRefName === pull.baseRefName ? [node] : []));
  let reverts = revertsAmong(onBase, [`${owner}/${repo}`, answer.repository.nameWithOwner], pull_number).map((node) => ({ number: node.number, merged: node.state === 'MERGED', open: node.state === 'OPEN' }));
  // A busy repository: more open and merged pull requests than one page. A revert not seen among them
  // may be older: the reverts on the base are asked through REST, as before the GraphQL read.
  if (window.totalCount > window.nodes.length && !reverts.some((revert) => revert.merged)) reverts = [...reverts, ...(await findReverts(client, owner, repo, pull_number, pull.baseRefName))];
  const snapshot: Snapshot = {
    merged: pull.merged,
    base: pull.baseRefName,
    head: pull.headRefName,
    merge_commit_sha: pull.mergeCommit?.oid ?? null,
    reverted: reverts.some((revert) => revert.merged),
    revert_open: reverts.some((revert) => revert.open),
  };
  // The blob's git sha, as REST's contents answer and the pull request's file list name it: a person's
  // later change to a file the merge changed makes the step a conflict. Not a file (gone, or a
  // directory or submodule now) is null, as REST reads it.
  const tree = pull.baseRef?.target ?? null;
  paths.forEach((path, index) => {
    const entry = tree?.[`f${index}`];
    snapshot[`file:${path}`] = typeof entry === 'object' && entry !== null && entry.type === 'blob' ? entry.oid : null;
  });
  return snapshot;
}

/** The same snapshot through REST: the pull request, the reverts on its base, and each file on the base. */
async function readMergeRest(client: GithubClient, owner: string, repo: string, pull_number: number, paths: string[]): Promise<Snapshot | null> {
  const pull = await nullWhenGone(() => client.rest.pulls.get({ owner, repo, pull_number }));
  if (!pull) return null;
  // Needed: whether an earlier rollback (one that crashed, or this one) already opened or merged a revert.
  const reverts = await findReverts(client, owner, repo, pull_number, pull.data.base.ref);
  const snapshot: Snapshot = {
    merged: pull.data.merged,
    base: pull.data.base.ref,
    head: pull.data.head.ref,
    merge_commit_sha: pull.data.merge_commit_sha ?? null,
    reverted: reverts.some((revert) => revert.merged),
    revert_open: reverts.some((revert) => revert.open),
  };
  for (const path of paths) {
    // One per file: REST has no one read for several files' blobs on a branch.
    const current = await readFile(client, owner, repo, pull.data.base.ref, path);
    snapshot[`file:${path}`] = current ? (current.sha as string) : null;
  }
  return snapshot;
}

export async function readResource(client: GithubClient, resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null> {
  const { owner, repo, number, branch, path } = parseRef(resource);
  switch (resource.type) {
    case 'issue':
      return readIssue(client, owner, repo, number);
    case 'comment':
      return readComment(client, owner, repo, number, issueOfScope(scope));
    case 'branch':
      return readBranch(client, owner, repo, branch);
    case 'file':
      return readFileOnBranch(client, owner, repo, branch, path);
    case 'pull':
      return readPull(client, owner, repo, number);
    case 'merge':
      return readMerge(client, owner, repo, number, scope);
    default:
      throw new TypeError(`the github adapter has no resource type "${resource.type}"`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
