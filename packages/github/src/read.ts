// Reads GitHub objects in snapshot form: the fields rollback compares, null once the object is gone.
import { nullWhenGone, resourceKey, type ReadScope, type ResourceRef, type Snapshot } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { issueSnapshot } from './issue-snapshot.js';
import { readIssues } from './read-issues.js';
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
  const comments = issue.data.comments > 0 ? await client.octokit.paginate(client.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 }) : [];
  return { ...issueSnapshot(issue.data), comment_keys: comments.map((comment) => resourceKey(commentRef(owner, repo, comment.id))) };
}

export async function readComment(client: GithubClient, owner: string, repo: string, comment_id: number): Promise<Snapshot | null> {
  const comment = await nullWhenGone(() => client.rest.issues.getComment({ owner, repo, comment_id }));
  return comment ? { body: comment.data.body ?? null, author: comment.data.user?.login ?? null } : null;
}

/** The repository's default branch, as GitHub names it now. */
export async function defaultBranch(client: GithubClient, owner: string, repo: string): Promise<string> {
  return (await client.rest.repos.get({ owner, repo })).data.default_branch;
}

/**
 * A branch in snapshot form: its tip, the tip's author, and `work`: the resource keys of the files that
 * differ on it from where it left the default branch. Work merged into the default branch still counts:
 * a rollback may revert that merge, and then the branch is the only place the work is left (whoever
 * wrote it, person or session, the journal tells).
 * Two requests for a branch with nothing on it (the default branch's name, one comparison that names
 * the tip), a third when it holds files; the ref itself is asked only when the comparison cannot say.
 */
export async function readBranch(client: GithubClient, owner: string, repo: string, branch: string): Promise<Snapshot | null> {
  const main = await defaultBranch(client, owner, repo);
  const compare = async (basehead: string) => (await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead, per_page: 100 })).data;
  // A 404 is a missing branch, or histories with no common ancestor: the ref tells which.
  const onBranch = main === branch ? null : await nullWhenGone(() => compare(`${main}...${branch}`));
  // Not ahead: the tip is where it left the default branch; ahead: the newest of its commits (all listed).
  const tip = onBranch && (onBranch.ahead_by === 0 ? onBranch.merge_base_commit : onBranch.commits.length === onBranch.ahead_by ? onBranch.commits.at(-1) : undefined);
  if (!onBranch || !tip) return readBranchByRef(client, owner, repo, branch, { main, files: onBranch?.files });
  return { sha: tip.sha, head_author: tip.commit.author?.name ?? null, work: branchWork(owner, repo, branch, onBranch.files ?? []) };
}

/**
 * The same snapshot, the ref asked first: one request when the branch does not exist (whether an agent's
 * create finds it there already), and the way when a comparison cannot name the tip.
 */
export async function readBranchByRef(client: GithubClient, owner: string, repo: string, branch: string, known: { main?: string; files?: DiffFile[] } = {}): Promise<Snapshot | null> {
  const ref = await nullWhenGone(() => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }));
  if (!ref) return null;
  const sha = ref.data.object.sha;
  const head = (await client.rest.git.getCommit({ owner, repo, commit_sha: sha })).data;
  const main = known.main ?? (await defaultBranch(client, owner, repo));
  const compare = async (basehead: string) => (await client.rest.repos.compareCommitsWithBasehead({ owner, repo, basehead, per_page: 100 })).data;
  const onBranch = main === branch ? [] : (known.files ?? (await nullWhenGone(() => compare(`${main}...${branch}`)))?.files ?? []);
  return { sha, head_author: head.author.name ?? null, work: branchWork(owner, repo, branch, onBranch) };
}

type DiffFile = { filename: string; sha: string | null; status: string };

function branchWork(owner: string, repo: string, branch: string, onBranch: DiffFile[]): string[] {
  return onBranch.map((file) => resourceKey(fileRef(owner, repo, branch, file.filename))).sort();
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

export async function readPull(client: GithubClient, owner: string, repo: string, pull_number: number): Promise<Snapshot | null> {
  const pull = await nullWhenGone(() => client.rest.pulls.get({ owner, repo, pull_number }));
  return pull ? pullSnapshot(pull.data) : null;
}

/** A pull request in snapshot form, from a read or a write's own answer. */
export function pullSnapshot({ title, body, state, merged, head, base, user }: { title: string; body: string | null; state: string; merged: boolean; head: { ref: string }; base: { ref: string }; user: { login: string } | null }): Snapshot {
  return { title, body: body ?? null, state, merged, head: head.ref, base: base.ref, author: user?.login ?? null };
}

/** Open or merged pull requests GitHub's revert created for `number` (their body says `Reverts owner/repo#N`). */
export async function findReverts(client: GithubClient, owner: string, repo: string, number: number, base: string) {
  const pulls = await client.rest.pulls.list({ owner, repo, state: 'all', base, per_page: 100 });
  // GitHub spells the repository as it names it; owner and repository names are case-insensitive.
  const pattern = new RegExp(`^Reverts ${escape(owner)}/${escape(repo)}#${number}(?!\\d)`, 'i');
  return pulls.data.filter((pull) => pattern.test(pull.body ?? '')).map((pull) => ({ number: pull.number, merged: pull.merged_at !== null, open: pull.state === 'open' }));
}

/**
 * A merge in snapshot form: whether a revert of it is merged or open, and the base branch's blob of
 * every file the pull request changed (a later commit by someone else to one of them shows up here).
 * With a `scope` (planning, verification), only the files it names as `file:<path>` are read: the paths
 * the merge changed, as its staged inverse recorded them, so the pull request's file list is not asked.
 */
export async function readMerge(client: GithubClient, owner: string, repo: string, pull_number: number, scope?: ReadScope): Promise<Snapshot | null> {
  const pull = await nullWhenGone(() => client.rest.pulls.get({ owner, repo, pull_number }));
  if (!pull) return null;
  // Needed: whether an earlier rollback (one that crashed, or this one) already opened or merged a revert.
  const reverts = await findReverts(client, owner, repo, pull_number, pull.data.base.ref);
  const paths = scope
    ? scope.fields.filter((field) => field.startsWith('file:')).map((field) => field.slice('file:'.length))
    : (await client.rest.pulls.listFiles({ owner, repo, pull_number, per_page: 100 })).data.map((file) => file.filename);
  const snapshot: Snapshot = {
    merged: pull.data.merged,
    base: pull.data.base.ref,
    head: pull.data.head.ref,
    merge_commit_sha: pull.data.merge_commit_sha ?? null,
    reverted: reverts.some((revert) => revert.merged),
    revert_open: reverts.some((revert) => revert.open),
  };
  for (const path of paths) {
    // Needed, one per file: REST has no one read for several files' blobs on a branch, and this is how a
    // person's later change to a file the merge changed makes the step a conflict.
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
      return readComment(client, owner, repo, number);
    case 'branch':
      return readBranch(client, owner, repo, branch);
    case 'file':
      return readFile(client, owner, repo, branch, path);
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
