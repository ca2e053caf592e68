// An issue in snapshot form, from whichever answer holds it (a REST issue, a GraphQL node, a write's own
// answer kept as the action's result), so reads and post-states name the same fields the same way.
import type { Json, Snapshot } from '@backspace/core';

export interface IssueLike {
  /** GitHub's global id (GraphQL `id`, REST `node_id`): what a GraphQL mutation on the issue names. */
  node_id?: string;
  title: string;
  body?: string | null;
  state: string;
  state_reason?: string | null;
  labels: (string | { name?: string })[];
  assignees?: { login: string }[] | null;
  milestone?: { number: number } | null;
  comments: number;
  user: { login: string } | null;
  /** When anything last changed on the issue (a comment included): its version, see `withoutVersion`. */
  updated_at?: string | null;
  /** A pull request's conversation only: the login that merged it (null while unmerged). */
  merged_by?: string | null;
}

export function issueSnapshot(issue: IssueLike): Snapshot {
  const labels = issue.labels.map((label) => (typeof label === 'string' ? label : (label.name ?? ''))).sort();
  return {
    node_id: issue.node_id ?? null,
    title: issue.title,
    // REST says null and GraphQL "" for an issue without a body: one value for both.
    body: issue.body || null,
    state: issue.state,
    state_reason: issue.state_reason ?? null,
    // Open because someone reopened it (GitHub says `reopened` until it is closed again): an issue kept
    // open on purpose, which a rollback must not close as if nobody had touched it.
    reopened: issue.state === 'open' && issue.state_reason === 'reopened',
    labels,
    assignees: (issue.assignees ?? []).map((user) => user.login).sort(),
    milestone: issue.milestone?.number ?? null,
    comments: issue.comments,
    author: issue.user?.login ?? null,
    // The issue's version, which any write moves: a rollback reads the issue's events (who set what
    // last) only when it moved since the agent's newest write on it.
    updated_at: issue.updated_at ?? null,
    // A pull request's conversation: who merged it, when not the one who opened it (see `mergedByOther`).
    ...(issue.merged_by !== undefined ? { merged_by_other: mergedByOther(issue.merged_by, issue.user?.login ?? null) } : {}),
    // One field per label, so adding a label is undone label by label (others' labels are kept).
    ...Object.fromEntries(labels.map((name) => [`label:${name}`, true])),
  };
}

/**
 * The login that merged a pull request when it is not the login that opened it, else null. A pull request
 * the agent opened and someone else merged put the agent's work on the base branch: closed, it is not
 * undone (as one closed unmerged is), and its rollback must say so. One the agent merged itself is
 * reverted by its merge's own step.
 */
export function mergedByOther(mergedBy: string | null, author: string | null): string | null {
  return mergedBy !== null && mergedBy !== author ? mergedBy : null;
}

/** An issue as an action's result: what the agent needs, and what its post-state is made of (no read-back). */
export interface IssueResult {
  number: number;
  id: number;
  node_id: string;
  html_url: string;
  title: string;
  state: string;
  state_reason: string | null;
  body: string | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  comments: number;
  author: string | null;
  /** When the issue last changed, as the write's answer gave it: the post-state's version. */
  updated_at: string | null;
}

type RestIssue = Omit<IssueLike, 'assignees' | 'milestone'> & {
  number: number;
  id: number;
  node_id: string;
  html_url: string;
  assignees?: { login: string }[] | null;
  milestone?: { number: number } | null;
};

export function issueResult(issue: RestIssue): IssueResult {
  const snapshot = issueSnapshot(issue);
  return {
    number: issue.number,
    id: issue.id,
    node_id: issue.node_id,
    html_url: issue.html_url,
    title: issue.title,
    state: issue.state,
    state_reason: snapshot.state_reason as string | null,
    body: snapshot.body as string | null,
    labels: snapshot.labels as string[],
    assignees: snapshot.assignees as string[],
    milestone: snapshot.milestone as number | null,
    comments: issue.comments,
    author: snapshot.author as string | null,
    updated_at: issue.updated_at ?? null,
  };
}

/** The post-state a write's answer gives; comments are listed by the caller (none on a new issue). */
export function resultSnapshot(result: IssueResult, commentKeys: Json): Snapshot {
  const snapshot = issueSnapshot({
    ...result,
    assignees: result.assignees.map((login) => ({ login })),
    milestone: result.milestone === null ? null : { number: result.milestone },
    user: result.author === null ? null : { login: result.author },
  });
  return { ...snapshot, comment_keys: commentKeys };
}

/**
 * A snapshot that stands for a later state than the read it was made from (a label set replaced after
 * the pre-state read) carries no version: it would name the read's, older than the write's.
 */
export function withoutVersion(snapshot: Snapshot): Snapshot {
  return { ...snapshot, updated_at: null };
}

/** A snapshot with its label set replaced (`labels` and one `label:X` field each). */
export function withLabels(snapshot: Snapshot, labels: string[]): Snapshot {
  const kept = Object.fromEntries(Object.entries(snapshot).filter(([field]) => !field.startsWith('label:')));
  const names = [...labels].sort();
  return { ...kept, labels: names, ...Object.fromEntries(names.map((name) => [`label:${name}`, true])) };
}

/**
 * The `label:X` field of each name, spelled as the snapshot spells it (GitHub matches label names
 * case-insensitively: asking for `Bug` puts the repository's `bug` on the issue), or as given when the
 * snapshot holds no such label.
 */
export function labelFieldsOf(names: readonly string[], snapshot: Snapshot | null): string[] {
  const held = new Map(Object.keys(snapshot ?? {}).filter((field) => field.startsWith('label:')).map((field) => [field.slice('label:'.length).toLowerCase(), field]));
  return [...new Set(names.map((name) => held.get(name.toLowerCase()) ?? `label:${name}`))];
}

/** Whether the snapshot holds the label, whatever its case. */
export function holdsLabel(snapshot: Snapshot | null, field: string): boolean {
  const wanted = field.toLowerCase();
  return Object.keys(snapshot ?? {}).some((held) => held.toLowerCase() === wanted);
}
