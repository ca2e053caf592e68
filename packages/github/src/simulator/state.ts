// The simulated GitHub's state: one repository with its git store, issues, comments, labels and pulls.
import { GitStore, type GitActor } from './git.js';

export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  state_reason: 'completed' | 'not_planned' | 'duplicate' | 'reopened' | null;
  labels: string[];
  assignees: string[];
  milestone: number | null;
  user: GitActor;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
  closed_by: GitActor | null;
  /** Who last edited the body, and when (GraphQL's `editor` and `lastEditedAt`); null until it is edited. */
  editor: GitActor | null;
  last_edited_at: string | null;
  locked: boolean;
  /** Set when the issue is a pull request's conversation. */
  isPull: boolean;
}

export interface CommentRecord {
  id: number;
  issue_number: number;
  body: string;
  user: GitActor;
  created_at: string;
  updated_at: string;
  /** Who last edited the body, and when (GraphQL's `editor` and `lastEditedAt`); null until it is edited. */
  editor: GitActor | null;
  last_edited_at: string | null;
}

export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
  default: boolean;
}

export interface PullRecord {
  number: number;
  id: number;
  head: string;
  base: string;
  /** Frozen when the pull request is merged or closed; otherwise the head branch's tip. */
  headSha: string;
  merged_at: string | null;
  merged_by: GitActor | null;
  merge_commit_sha: string | null;
  /** The base branch's tip just before the merge: what a revert goes back to. */
  baseShaBeforeMerge: string | null;
  draft: boolean;
}

export interface MilestoneRecord {
  number: number;
  id: number;
  title: string;
  state: 'open' | 'closed';
  created_at: string;
}

/**
 * One issue event as `GET /repos/{owner}/{repo}/issues/{issue_number}/events` lists it: who did what,
 * when. Recorded for every change of state, title, labels, assignees or milestone, by whoever made it; a
 * body edit records none, as on GitHub.
 */
export interface IssueEventRecord {
  id: number;
  issue_number: number;
  actor: GitActor;
  event: 'closed' | 'reopened' | 'renamed' | 'labeled' | 'unlabeled' | 'assigned' | 'unassigned' | 'milestoned' | 'demilestoned';
  created_at: string;
  label?: string;
  rename?: { from: string; to: string };
  assignee?: string;
  milestone?: number;
  state_reason?: string | null;
}

/** One change of a branch, as `GET /repos/{owner}/{repo}/activity` lists it (see `activity.ts`). */
export interface ActivityRecord {
  id: number;
  /** `refs/heads/<branch>`. */
  ref: string;
  /** The tips before and after (forty zeros where there was none or is none). */
  before: string;
  after: string;
  type: 'push' | 'force_push' | 'branch_creation' | 'branch_deletion' | 'pr_merge' | 'merge_queue_merge';
  actor: GitActor;
  timestamp: string;
}

export interface RepoState {
  id: number;
  owner: GitActor;
  name: string;
  defaultBranch: string;
  createdAt: string;
  git: GitStore;
  issues: Map<number, IssueRecord>;
  comments: Map<number, CommentRecord>;
  labels: Map<string, LabelRecord>;
  pulls: Map<number, PullRecord>;
  milestones: Map<number, MilestoneRecord>;
  /** Every issue's events, oldest first. */
  events: IssueEventRecord[];
  /** Every change of a branch, oldest first. */
  activity: ActivityRecord[];
  nextNumber: number;
  nextId: number;
  /** Logins allowed to read but not write (a token without the `repo` write scope). */
  readOnly: Set<string>;
  /**
   * The full names (`owner/name`) it had before a person renamed or transferred it, oldest first: GitHub
   * redirects them (see `relocations.ts`).
   */
  formerNames: string[];
  /** Issues a person transferred to another repository, by their number here: where each is now. */
  transferred: Map<number, { repo: RepoState; number: number }>;
}

export function createRepoState(owner: string, name: string, defaultBranch: string, createdAt: string, id = 1296269): RepoState {
  return {
    id,
    owner: { login: owner, id: 9919 },
    name,
    defaultBranch,
    createdAt,
    git: new GitStore(),
    issues: new Map(),
    comments: new Map(),
    labels: new Map(),
    pulls: new Map(),
    milestones: new Map(),
    events: [],
    activity: [],
    nextNumber: 1,
    nextId: 1000,
    readOnly: new Set(),
    formerNames: [],
    transferred: new Map(),
  };
}

export function nextId(repo: RepoState): number {
  repo.nextId += 1;
  return repo.nextId;
}

/** GitHub's global node ids are opaque base64; this keeps their look. */
export function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`0:${kind}${id}`).toString('base64').replace(/=+$/, '');
}
