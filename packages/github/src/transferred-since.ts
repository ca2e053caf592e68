// Issues a person transferred away from a repository since a moment. GitHub lists them there no more, but
// keeps their numbers: `GET /repos/{owner}/{repo}/issues/{n}` answers a 301 to where each is now, which
// REST follows. Numbers are handed out in order, to issues and pull requests alike, so a number since the
// moment that the repository's listing lacks is read one by one; a bounded number of them.
import { nullWhenGone } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { movedTo } from './issue-moved.js';
import { CLOCK_SKEW_MS } from './resources.js';

/** How many numbers the listing lacks one lookup reads one by one, at most. */
export const UNLISTED_NUMBERS_READ = 20;

/** The repository's newest issues and pull requests one listing holds. */
const LISTED = 100;

type AnsweredIssue = Awaited<ReturnType<GithubClient['rest']['issues']['get']>>['data'];

/** An issue transferred away: as GitHub answers it where it is now, under the number it had here (`number`), and where that is (`owner/repo#n`). */
export interface TransferredIssue {
  issue: AnsweredIssue;
  number: number;
  location: string;
}

/**
 * The issues numbered in `owner/repo` since `since` (ms) that a person transferred to another
 * repository, or why they cannot all be told within `UNLISTED_NUMBERS_READ` reads. One listing, then
 * one read per number it lacks above the newest number given out before `since`, up to the first number
 * never given out (404) past the newest listed.
 */
export async function transferredSince(client: GithubClient, owner: string, repo: string, since: number): Promise<{ moved: TransferredIssue[] } | { inconclusive: string }> {
  const listed = (await client.rest.issues.listForRepo({ owner, repo, state: 'all', sort: 'created', direction: 'desc', per_page: LISTED })).data;
  const numbers = new Set(listed.map((item) => item.number));
  // Numbered before `since`: what has not changed since. Not what was opened before: an issue a person
  // transferred in since keeps when it was opened but takes a new number here, and the move changes it.
  const before = listed.filter((item) => Date.parse(item.updated_at) < since - CLOCK_SKEW_MS).map((item) => item.number);
  if (before.length === 0 && listed.length === LISTED) return { inconclusive: `more than ${LISTED} issues and pull requests in ${owner}/${repo} changed since the attempt` };
  const floor = Math.max(0, ...before);
  const newestListed = Math.max(floor, ...numbers);
  const moved: TransferredIssue[] = [];
  let read = 0;
  for (let number = floor + 1; ; number += 1) {
    if (numbers.has(number)) continue;
    if (read === UNLISTED_NUMBERS_READ) {
      return { inconclusive: `${owner}/${repo} does not list more than ${UNLISTED_NUMBERS_READ} of the numbers given out since the attempt (from #${floor + 1}): issues transferred elsewhere or deleted, past what one lookup reads one by one` };
    }
    read += 1;
    const answer = await nullWhenGone(() => client.rest.issues.get({ owner, repo, issue_number: number }));
    // Past the newest listed, a number that answers nothing was never given out: none after it were.
    if (!answer) {
      if (number > newestListed) break;
      continue;
    }
    const location = await movedTo(client, owner, repo, number, answer.data);
    if (location) moved.push({ issue: answer.data, number, location });
  }
  return { moved };
}
