// The repository's activity (GET /repos/{owner}/{repo}/activity): every change of a branch, who made
// it and when, as GitHub lists it: pushes, force pushes, branch creations and deletions, pull request
// merges. Every change of a branch in the simulated git store goes through `moveRef`, so none is missed.
import type { Router } from '@backspace/simulator-kit';
import { simpleUser } from './format.js';
import type { GitActor } from './git.js';
import { githubError, repoOf, type RouteContext } from './context.js';
import { nextId, nodeId, type ActivityRecord, type RepoState } from './state.js';

/** The sha GitHub's activity gives for the side of a creation or deletion where there is no commit. */
const NO_COMMIT = '0000000000000000000000000000000000000000';

/** How far back `time_period` looks, as GitHub's description defines it (a day is 24 hours). */
const PERIOD_MS: Record<string, number> = { day: 1, week: 7, month: 30, quarter: 90, year: 365 };
const TYPES = new Set(['push', 'force_push', 'branch_creation', 'branch_deletion', 'pr_merge', 'merge_queue_merge']);

/**
 * Points `ref` at `sha`, or deletes it (null), and records the activity of a branch: its creation or
 * deletion, a merge of a pull request into it (`merge`), or a push (a force push when the old tip is not
 * in the new history).
 */
export function moveRef(repo: RepoState, ref: string, sha: string | null, actor: GitActor, timestamp: string, merge = false): void {
  const before = repo.git.refs.get(ref);
  if (sha === null) repo.git.refs.delete(ref);
  else repo.git.refs.set(ref, sha);
  if (!ref.startsWith('refs/heads/')) return;
  const type: ActivityRecord['type'] =
    sha === null ? 'branch_deletion' : before === undefined ? 'branch_creation' : merge ? 'pr_merge' : repo.git.ancestors(sha).has(before) ? 'push' : 'force_push';
  repo.activity.push({ id: nextId(repo), ref, before: before ?? NO_COMMIT, after: sha ?? NO_COMMIT, type, actor, timestamp });
}

export function addActivityRoutes(router: Router, context: RouteContext): void {
  // Newest first unless `direction=asc`; `ref` is a full ref or a branch name. Pages by cursor as GitHub
  // does (`after`, `before`: the cursors its Link header gives; here an activity's id).
  router.get('/repos/:owner/:repo/activity', (request) => {
    const repo = repoOf(context, request);
    const { ref, actor, activity_type, time_period, direction = 'desc', after, before } = request.query;
    if (direction !== 'asc' && direction !== 'desc') throw githubError(422, `direction must be one of asc, desc`);
    if (activity_type !== undefined && !TYPES.has(activity_type)) throw githubError(422, `activity_type must be one of ${[...TYPES].join(', ')}`);
    if (time_period !== undefined && PERIOD_MS[time_period] === undefined) throw githubError(422, `time_period must be one of ${Object.keys(PERIOD_MS).join(', ')}`);
    const wanted = ref === undefined ? undefined : ref.startsWith('refs/') ? ref : `refs/heads/${ref}`;
    const since = time_period === undefined ? -Infinity : Date.parse(context.now()) - PERIOD_MS[time_period]! * 86_400_000;
    const listed = repo.activity.filter(
      (entry) => (wanted === undefined || entry.ref === wanted) && (actor === undefined || entry.actor.login === actor) && (activity_type === undefined || entry.type === activity_type) && Date.parse(entry.timestamp) >= since,
    );
    if (direction === 'desc') listed.reverse();
    const perPage = Math.min(100, Math.max(1, Number(request.query.per_page ?? 30) || 30));
    const cursorAt = (cursor: string | undefined) => listed.findIndex((entry) => String(entry.id) === cursor);
    const start = after !== undefined ? cursorAt(after) + 1 : before !== undefined ? Math.max(0, cursorAt(before) - perPage) : 0;
    const end = before !== undefined && after === undefined ? Math.max(0, cursorAt(before)) : start + perPage;
    const shown = listed.slice(start, end);
    const body = shown.map((entry) => ({
      id: entry.id,
      node_id: nodeId('RA', entry.id),
      before: entry.before,
      after: entry.after,
      ref: entry.ref,
      timestamp: entry.timestamp,
      activity_type: entry.type,
      actor: simpleUser(context.urls, entry.actor),
    }));
    const at = (name: 'after' | 'before', id: number) => {
      const query = new URLSearchParams(request.searchParams);
      query.delete('after');
      query.delete('before');
      query.set(name, String(id));
      return `<${context.urls.api}${request.path}?${query}>`;
    };
    const links = [...(start > 0 && shown.length > 0 ? [`${at('before', shown[0]!.id)}; rel="prev"`] : []), ...(end < listed.length && shown.length > 0 ? [`${at('after', shown.at(-1)!.id)}; rel="next"`] : [])];
    return links.length > 0 ? { status: 200, headers: { link: links.join(', ') }, body } : { status: 200, body };
  });
}
