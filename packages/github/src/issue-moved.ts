// Where an issue is now, when a person transferred it to another repository: REST follows GitHub's 301
// from the old address for the issue itself, while its events and comments there answer 404 (as
// measured on api.github.com), and GraphQL's `repository(...).issue(number:)` at the old address
// answers nothing. A read of who changed what follows the issue to where it is.
import { isGone, nullWhenGone } from '@backspace/core/adapter-kit';
import type { GithubClient } from './client.js';
import { repoKey } from './resources.js';

/** An issue's address: its repository and its number there. */
export interface IssueAddress {
  owner: string;
  repo: string;
  number: number;
}

/**
 * Where the issue GitHub answered for `owner/repo#issue_number` is now, as `owner/repo#number`, when a
 * person transferred it to another repository (REST follows GitHub's 301 there: a new number, another
 * repository); null when it is the issue asked for. A repository renamed since answers with its new name
 * and the same number: the repository, asked by its old name (GitHub redirects that too), tells a rename
 * from a transfer that kept the number, one more request only then.
 */
export async function movedTo(client: GithubClient, owner: string, repo: string, issue_number: number, answered: { number: number; repository_url: string }): Promise<string | null> {
  const { owner: answeredOwner, repo: answeredRepo } = answeredAddress(answered);
  const location = `${repoKey(answeredOwner, answeredRepo)}#${answered.number}`;
  if (location === `${repoKey(owner, repo)}#${issue_number}`) return null;
  if (answered.number === issue_number) {
    const now = (await client.rest.repos.get({ owner, repo })).data;
    if (repoKey(now.owner.login, now.name) === repoKey(answeredOwner, answeredRepo)) return null;
  }
  return location;
}

/** The address of the issue GitHub answered, from its `repository_url`. */
export function answeredAddress(answered: { number: number; repository_url: string }): IssueAddress {
  const [owner = '', repo = ''] = new URL(answered.repository_url).pathname.split('/').slice(-2).map(decodeURIComponent);
  return { owner, repo, number: answered.number };
}

/**
 * Reads something of an issue's that GitHub serves only where the issue is (its events): at the address
 * asked first; where that answers 404, the issue itself is asked (REST follows a transfer's 301) and,
 * moved, the read runs again where it went. An issue gone, or there and still 404, throws the first
 * read's error. One request while the issue is where it was.
 */
export async function readWhereIssueIs<T>(client: GithubClient, address: IssueAddress, read: (at: IssueAddress) => Promise<T>): Promise<{ value: T; at: IssueAddress }> {
  try {
    return { value: await read(address), at: address };
  } catch (error) {
    if (!isGone(error)) throw error;
    const issue = await nullWhenGone(() => client.rest.issues.get({ owner: address.owner, repo: address.repo, issue_number: address.number }));
    if (!issue || !(await movedTo(client, address.owner, address.repo, address.number, issue.data))) throw error;
    const at = answeredAddress(issue.data);
    return { value: await read(at), at };
  }
}
