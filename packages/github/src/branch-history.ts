// What GitHub's repository activity (`GET /repos/{owner}/{repo}/activity`) tells of a branch: who
// changed it since the agent made it, and whether a branch gone by its name was deleted by this token or
// is gone otherwise (renamed, or deleted by someone else). Refs carry no author: only this history does.
import { nullWhenGone } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { isStatus } from './errors.js';

/** What each kind of GitHub's repository activity did to a branch, in words. */
const DID: Record<string, string> = {
  push: 'pushed to it',
  force_push: 'force-pushed it',
  branch_creation: 'made it again',
  branch_deletion: 'deleted it',
  pr_merge: 'merged a pull request into it',
  merge_queue_merge: 'merged a pull request into it',
};

/**
 * What others did to a branch since this token last created it, oldest first, from GitHub's repository
 * activity (newest first, back to that creation): "octo-human deleted it", "made it again". A branch
 * whose name a person took over (deleted the agent's, made their own at the same commit) reads exactly as
 * the agent left it otherwise. One request (the token's login is asked once per client); nothing where
 * GitHub does not serve the activity (an older GitHub Enterprise Server), as before it was asked.
 */
export async function othersSinceCreated(client: GithubClient, owner: string, repo: string, branch: string): Promise<string[]> {
  let activities;
  try {
    activities = (await client.rest.repos.listActivities({ owner, repo, ref: `refs/heads/${branch}`, per_page: 100 })).data;
  } catch (error) {
    if (isStatus(error, 404, 422)) return [];
    throw error;
  }
  if (activities.length === 0) return [];
  const me = await client.login();
  const done: { actor: string; did: string }[] = [];
  for (const activity of activities) {
    const actor = activity.actor?.login ?? 'someone';
    if (actor === me && activity.activity_type === 'branch_creation') break;
    const did = DID[activity.activity_type] ?? 'changed it';
    // Each change once in a row: a person's ten pushes read as one.
    if (actor !== me && (done[0]?.actor !== actor || done[0]?.did !== did)) done.unshift({ actor, did });
  }
  return done.map(({ actor, did }, index) => (index > 0 && done[index - 1]!.actor === actor ? did : `${actor} ${did}`));
}

/**
 * Whether a branch is there by its name, was deleted by this token last (its newest activity on GitHub),
 * or is gone otherwise (`elsewhere`: renamed, or deleted by someone else; also where GitHub does not
 * serve its activity, so nothing can vouch for it).
 */
export async function branchState(client: GithubClient, owner: string, repo: string, branch: string): Promise<'there' | 'deleted-by-token' | 'elsewhere'> {
  if (await nullWhenGone(() => client.rest.git.getRef({ owner, repo, ref: `heads/${branch}` }))) return 'there';
  const [newest] = (await nullWhenGone(() => client.rest.repos.listActivities({ owner, repo, ref: `refs/heads/${branch}`, per_page: 1 })))?.data ?? [];
  return newest?.activity_type === 'branch_deletion' && newest.actor?.login === (await client.login()) ? 'deleted-by-token' : 'elsewhere';
}
