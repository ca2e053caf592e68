// Reads GitHub objects in snapshot form: the fields rollback compares, null once the object is gone.
import type { ResourceRef, Snapshot } from '@backspace/core';
import type { GithubClient } from './client.js';
import { isStatus } from './errors.js';
import { parseRef } from './resources.js';

type IssueLike = {
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  assignees?: { login: string }[] | null;
  milestone?: { number: number } | null;
  comments: number;
  user: { login: string } | null;
};

export function issueSnapshot(issue: IssueLike): Snapshot {
  const labels = issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).sort();
  return {
    title: issue.title,
    body: issue.body ?? null,
    state: issue.state,
    state_reason: issue.state_reason ?? null,
    labels,
    assignees: (issue.assignees ?? []).map((user) => user.login).sort(),
    milestone: issue.milestone?.number ?? null,
    comments: issue.comments,
    author: issue.user?.login ?? null,
    // One field per label, so adding a label is undone label by label (others' labels are kept).
    ...Object.fromEntries(labels.map((name) => [`label:${name}`, true])),
  };
}

export async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isStatus(error, 404, 410)) return null;
    throw error;
  }
}

/**
 * An issue in snapshot form, plus `comments_by_others`: comments not made with this adapter's token,
 * so the agent's own comments (undone by their own compensations) never block closing its issue.
 */
export async function readIssue(client: GithubClient, owner: string, repo: string, issue_number: number): Promise<Snapshot | null> {
  const issue = await orNull(() => client.rest.issues.get({ owner, repo, issue_number }));
  if (!issue) return null;
  let byOthers = 0;
  if (issue.data.comments > 0) {
    const self = await client.login();
    const comments = await client.octokit.paginate(client.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
    byOthers = comments.filter((comment) => comment.user?.login !== self).length;
  }
  return { ...issueSnapshot(issue.data), comments_by_others: byOthers };
}

export async function readComment(client: GithubClient, owner: string, repo: string, comment_id: number): Promise<Snapshot | null> {
  const comment = await orNull(() => client.rest.issues.getComment({ owner, repo, comment_id }));
  return comment ? { body: comment.data.body ?? null, author: comment.data.user?.login ?? null } : null;
}

/**
 * A branch in snapshot form. `base_commit` is the newest commit on it not made with this adapter's
 * token: where the agent created it, until someone else pushes; then the other person's commit.
 */
export async function readBranch(client: GithubClient, owner: string, repo: string, branch: string): Promise<Snapshot | null> {
  const ref = await orNull(() => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }));
  if (!ref) return null;
  const self = await client.login();
  let cursor: string | undefined = ref.data.object.sha;
  let headAuthor: string | null = null;
  for (let depth = 0; cursor && depth < 100; depth += 1) {
    const commit: { author: { name?: string }; parents: { sha: string }[] } = (await client.rest.git.getCommit({ owner, repo, commit_sha: cursor })).data;
    if (depth === 0) headAuthor = commit.author.name ?? null;
    if (commit.author.name !== self) break;
    cursor = commit.parents[0]?.sha;
  }
  return { sha: ref.data.object.sha, head_author: headAuthor, base_commit: cursor ?? null };
}

export async function readFile(client: GithubClient, owner: string, repo: string, branch: string, path: string): Promise<Snapshot | null> {
  const found = await orNull(() => client.rest.repos.getContent({ owner, repo, path, ...(branch ? { ref: branch } : {}) }));
  if (!found || Array.isArray(found.data) || found.data.type !== 'file') return null;
  const file = found.data as { sha: string; content?: string };
  return { sha: file.sha, content: Buffer.from(file.content ?? '', 'base64').toString('utf8') };
}

export async function readPull(client: GithubClient, owner: string, repo: string, pull_number: number): Promise<Snapshot | null> {
  const pull = await orNull(() => client.rest.pulls.get({ owner, repo, pull_number }));
  if (!pull) return null;
  const { title, body, state, merged, head, base, user } = pull.data;
  return { title, body: body ?? null, state, merged, head: head.ref, base: base.ref, author: user?.login ?? null };
}

/** Open or merged pull requests GitHub's revert created for `number` (their body says `Reverts owner/repo#N`). */
export async function findReverts(client: GithubClient, owner: string, repo: string, number: number, base: string) {
  const pulls = await client.rest.pulls.list({ owner, repo, state: 'all', base, per_page: 100 });
  const pattern = new RegExp(`^Reverts ${escape(owner)}/${escape(repo)}#${number}(?!\\d)`);
  return pulls.data.filter((pull) => pattern.test(pull.body ?? '')).map((pull) => ({ number: pull.number, merged: pull.merged_at !== null, open: pull.state === 'open' }));
}

/**
 * A merge in snapshot form: whether a revert of it is merged or open, and the base branch's blob of
 * every file the pull request changed (a later commit by someone else to one of them shows up here).
 */
export async function readMerge(client: GithubClient, owner: string, repo: string, pull_number: number): Promise<Snapshot | null> {
  const pull = await orNull(() => client.rest.pulls.get({ owner, repo, pull_number }));
  if (!pull) return null;
  const reverts = await findReverts(client, owner, repo, pull_number, pull.data.base.ref);
  const files = await client.rest.pulls.listFiles({ owner, repo, pull_number, per_page: 100 });
  const snapshot: Snapshot = {
    merged: pull.data.merged,
    base: pull.data.base.ref,
    head: pull.data.head.ref,
    merge_commit_sha: pull.data.merge_commit_sha ?? null,
    reverted: reverts.some((revert) => revert.merged),
    revert_open: reverts.some((revert) => revert.open),
  };
  for (const file of files.data) {
    const current = await readFile(client, owner, repo, pull.data.base.ref, file.filename);
    snapshot[`file:${file.filename}`] = current ? (current.sha as string) : null;
  }
  return snapshot;
}

export async function readResource(client: GithubClient, resource: ResourceRef): Promise<Snapshot | null> {
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
      return readMerge(client, owner, repo, number);
    default:
      throw new TypeError(`the github adapter has no resource type "${resource.type}"`);
  }
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
