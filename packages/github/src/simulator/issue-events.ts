// Issue events: what GitHub records when an issue's state, title, labels, assignees or milestone change,
// and who changed them, as `GET /repos/{owner}/{repo}/issues/{issue_number}/events` lists them, oldest first.
import { actorFor, formatMilestone, repoUrl, simpleUser, type Urls } from './format.js';
import type { GitActor } from './git.js';
import { nodeId, type IssueEventRecord, type IssueRecord, type RepoState } from './state.js';

/** Events are numbered apart from the repository's other objects, as on GitHub: recording them changes no other id. */
const FIRST_EVENT_ID = 9_000_001;

type Tracked = Pick<IssueRecord, 'state' | 'state_reason' | 'title' | 'labels' | 'assignees' | 'milestone'>;

/** What an event-recording change compares: the issue's tracked fields as they were before a write. */
export function trackedFields(issue: IssueRecord): Tracked {
  return { state: issue.state, state_reason: issue.state_reason, title: issue.title, labels: [...issue.labels], assignees: [...issue.assignees], milestone: issue.milestone };
}

/**
 * Records the events a write made, by its actor: each change from `before` (null for a new issue, whose
 * labels, assignees and milestone are recorded as added) to the issue as it is now.
 */
export function recordIssueEvents(repo: RepoState, before: Tracked | null, issue: IssueRecord, actor: GitActor, now: string): void {
  const add = (event: IssueEventRecord['event'], extra: Partial<IssueEventRecord> = {}) => repo.events.push({ id: FIRST_EVENT_ID + repo.events.length, issue_number: issue.number, actor, event, created_at: now, ...extra });
  if (before && before.state !== issue.state) add(issue.state === 'closed' ? 'closed' : 'reopened', { state_reason: issue.state_reason });
  if (before && before.title !== issue.title) add('renamed', { rename: { from: before.title, to: issue.title } });
  const had = new Set((before?.labels ?? []).map((name) => name.toLowerCase()));
  const has = new Set(issue.labels.map((name) => name.toLowerCase()));
  for (const name of before?.labels ?? []) if (!has.has(name.toLowerCase())) add('unlabeled', { label: name });
  for (const name of issue.labels) if (!had.has(name.toLowerCase())) add('labeled', { label: name });
  for (const login of before?.assignees ?? []) if (!issue.assignees.includes(login)) add('unassigned', { assignee: login });
  for (const login of issue.assignees) if (!before?.assignees.includes(login)) add('assigned', { assignee: login });
  const milestone = before?.milestone ?? null;
  if (milestone !== issue.milestone) {
    if (milestone !== null) add('demilestoned', { milestone });
    if (issue.milestone !== null) add('milestoned', { milestone: issue.milestone });
  }
}

/** An event in the shape GitHub's `issue-event-for-issue` gives it. */
export function formatIssueEvent(urls: Urls, repo: RepoState, event: IssueEventRecord) {
  const milestone = event.milestone === undefined ? undefined : repo.milestones.get(event.milestone);
  return {
    id: event.id,
    node_id: nodeId('IssueEvent', event.id),
    url: `${repoUrl(urls, repo)}/issues/events/${event.id}`,
    actor: simpleUser(urls, event.actor),
    event: event.event,
    commit_id: null,
    commit_url: null,
    created_at: event.created_at,
    performed_via_github_app: null,
    ...(event.label !== undefined ? { label: { name: event.label, color: repo.labels.get(event.label.toLowerCase())?.color ?? 'ededed' } } : {}),
    ...(event.rename ? { rename: event.rename } : {}),
    ...(event.assignee !== undefined ? { assignee: simpleUser(urls, actorFor(repo, event.assignee)), assigner: simpleUser(urls, event.actor) } : {}),
    ...(milestone ? { milestone: { title: formatMilestone(urls, repo, milestone).title } } : {}),
    ...(event.event === 'closed' || event.event === 'reopened' ? { state_reason: event.state_reason ?? null } : {}),
  };
}
