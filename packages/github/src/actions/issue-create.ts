// github.issue.create: open an issue (issues.create). Inverse: close it as not planned, unless others
// commented on it or edited it since (a conflict: their work stays visible).
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { guardedUndo, lookupInconclusive, type ResourceRef } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { issueResult, issueSnapshot, resultSnapshot, type IssueResult } from '../issue-snapshot.js';
import { CLOCK_SKEW_MS, hasAnyMarker, hasMarker, issueNumber, issueRef, repoInput, withMarker } from '../resources.js';
import { transferredSince } from '../transferred-since.js';

const input = z.strictObject({
  ...repoInput,
  title: z.string().min(1).max(256).describe('The issue title: one short line, e.g. "Login fails with SSO".'),
  body: z.string().max(65_000).optional().describe('The issue description in GitHub Markdown. Leave out for an issue with no description.'),
  labels: z.array(z.string().min(1)).optional().describe('Label names to put on the issue, e.g. ["bug"]. Use names that exist in the repository.'),
  assignees: z.array(z.string().min(1)).optional().describe('GitHub usernames (logins, no @) to assign, e.g. ["octocat"]; they need access to the repository.'),
});

/** What the inverse names: one issue, by its number; a forged or malformed input is refused before it runs. */
const closeInput = z.object({ ...repoInput, issue_number: issueNumber }).strict();

/** The first of `issues` whose first rename was from `title`: opened with it, renamed since (GitHub records each rename's from and to). */
async function firstOpenedAs<Issue extends { number: number }>(client: GithubClient, owner: string, repo: string, issues: Issue[], title: string): Promise<Issue | undefined> {
  for (const issue of issues) {
    const events = (await client.octokit.paginate(client.rest.issues.listEvents, { owner, repo, issue_number: issue.number, per_page: 100 })) as RenameEvent[];
    const firstRename = events.filter((event) => event.event === 'renamed').sort((left, right) => left.created_at.localeCompare(right.created_at) || left.id - right.id)[0];
    if (firstRename?.rename?.from === title) return issue;
  }
  return undefined;
}

type RenameEvent = { id: number; event: string; created_at: string; rename?: { from: string; to: string } | null };

interface Candidates {
  owner: string;
  repo: string;
  title: string;
  body: string | undefined;
  key: string;
  attemptedAt: number | undefined;
  madeByAnother: ((resource: ResourceRef) => Promise<boolean>) | undefined;
}

type Candidate = Parameters<typeof compactIssue>[0] & { created_at: string; location?: string };

/**
 * Which of the bot's issues `issues` is this attempt's, as the lookup weighs them (see there); undefined
 * when none may be; an error naming those that may be when that cannot be told. `openedAs`: the first of
 * the unmarked ones opened with the title, renamed since.
 */
async function adopted(issues: Candidate[], { owner, repo, title, body, key, attemptedAt, madeByAnother }: Candidates, openedAs: (unmarked: Candidate[]) => Promise<Candidate | undefined>): Promise<CreatedIssue | undefined> {
  const found = issues.find((issue) => hasMarker(issue.body, key));
  if (found) return asOpened(found, title, body, key);
  if (attemptedAt === undefined) return undefined;
  // Oldest first: the first issue opened since the attempt is the one a held write would have made.
  const unmarked = issues.filter((issue) => !hasAnyMarker(issue.body) && Date.parse(issue.created_at) >= attemptedAt - CLOCK_SKEW_MS).reverse();
  const rewritten = unmarked.find((issue) => issue.title === title) ?? (await openedAs(unmarked));
  if (rewritten) return asOpened(rewritten, title, body, key);
  const unclaimed = [];
  for (const issue of unmarked) if (!(await madeByAnother?.(issueRef(owner, repo, issue.number)))) unclaimed.push(issue);
  if (unclaimed.length === 0) return undefined;
  const named = unclaimed.map((issue) => `#${issue.number}${issue.location ? ` (transferred to ${issue.location})` : ''}`).join(', ');
  throw lookupInconclusive('github', `no issue carries this attempt's key or was opened as "${title}", but this token opened ${named} in ${owner}/${repo} since the attempt with no key in its body: it may be this one, its title and body rewritten`, 'GitHub');
}

/** The created issue as GitHub answered it: what the agent needs and what the post-state is made of. */
export type CreatedIssue = IssueResult;

export const compactIssue = issueResult;

/**
 * The issue found by a lookup, as the write opened it: open, with the title and body it sent. What a
 * person did since (closed and reopened it, edited it) is then theirs, and keeps the issue open.
 */
function asOpened(found: Parameters<typeof compactIssue>[0], title: string, body: string | undefined, key: string): CreatedIssue {
  return compactIssue({ ...found, title, body: withMarker(body, key), state: 'open', state_reason: null });
}

export const issueCreate = defineGithubAction({
  name: 'github.issue.create',
  reversibility: 'compensatable',
  description: 'Open an issue; undone by closing it as not planned (GitHub cannot delete it), unless others built on it',
  input,
  execute: async ({ body, ...fields }, { client, idempotencyKey }) =>
    compactIssue((await client.rest.issues.create({ ...fields, body: withMarker(body, idempotencyKey) })).data),
  // No request: the moment before the attempt, so a lookup can tell an issue made by it from older ones.
  snapshot: async (_input, { clock }) => ({ attempted_at: clock.now() }),
  // The issue carrying this attempt's key; failing that, one the bot opened since the attempt whose body
  // holds no key at all (a person rewrote it, marker and all) and that was opened with this title (it
  // still has it, or its first rename was from it), taken as the agent's issue as it posted it, so the
  // rewrite counts as theirs. An issue with another key is another write's. Any other such issue may be
  // this one renamed by a hand whose events do not show it: the outcome is left to the operator, named.
  // Not listed: the issues a person transferred to another repository since, weighed the same way
  // under the number they had here (what the rollback names, and reads where it went, see `movedTo`).
  lookup: async ({ owner, repo, title, body }, { client, idempotencyKey, pre, madeByAnother }) => {
    const creator = await client.login();
    const recent = (await client.rest.issues.listForRepo({ owner, repo, creator, state: 'all', sort: 'created', direction: 'desc', per_page: 50 })).data.filter((issue) => !issue.pull_request);
    const attemptedAt = typeof pre?.['attempted_at'] === 'number' ? pre['attempted_at'] : undefined;
    const candidates = { owner, repo, title, body, key: idempotencyKey, attemptedAt, madeByAnother };
    const found = await adopted(recent, candidates, (unmarked) => firstOpenedAs(client, owner, repo, unmarked, title));
    if (found !== undefined || attemptedAt === undefined) return found;
    const since = await transferredSince(client, owner, repo, attemptedAt);
    if ('inconclusive' in since) throw lookupInconclusive('github', `no issue listed in ${owner}/${repo} carries this attempt's key, and ${since.inconclusive}: this one may be among them`, 'GitHub');
    const moved = since.moved.filter(({ issue }) => issue.user?.login === creator).map(({ issue, number, location }) => ({ ...issue, number, location }));
    // Their rename events are not served at the old address: an unmarked one is weighed by its title alone.
    return adopted(moved, candidates, async () => undefined);
  },
  resource: ({ owner, repo }, issue) => issueRef(owner, repo, issue.number),
  // The write's answer is the new issue whole; a new issue has no comments yet.
  post: (_input, issue) => resultSnapshot(issue, []),
  minimumRequests: 1,
  compensation: (args) => {
    const { input: { owner, repo }, result } = args;
    // Its pre-state only dates the attempt (for the lookup): nothing the undo compares.
    return guardedUndo({ ...args, pre: null }, {
      operation: 'github.issue.close',
      input: { owner, repo, issue_number: result.number },
      // Others' edits make closing it a conflict (a person who closed and reopened it keeps it open, one
      // who assigned, labelled or scheduled it has taken it on), and so do comments anyone else wrote on
      // it (a person's, or another session's on the same token); the session's own later edits, labels
      // and comments are undone first. Labels are compared one field each (`label:*`), as the session's
      // own label actions put them back. A person who transferred it to another repository took it on
      // too: the read names where it is now (`moved_to`, absent while it is where the agent opened it),
      // and it is neither closed there (through GitHub's redirect) nor taken for already gone.
      fields: ['title', 'body', 'reopened', 'assignees', 'milestone', 'label:*', 'moved_to'],
      contents: 'comment_keys',
      expect: { fields: { state: 'closed', state_reason: 'not_planned' } },
      residue: `issue #${result.number} in ${owner}/${repo} stays, closed as not planned (GitHub cannot delete issues through the API)`,
      description: `close issue #${result.number} in ${owner}/${repo} as not planned`,
    });
  },
  inverses: {
    'github.issue.close': {
      input: closeInput,
      run: async ({ owner, repo, issue_number }: z.infer<typeof closeInput>, { client }) => {
        const closed = await client.rest.issues.update({ owner, repo, issue_number, state: 'closed', state_reason: 'not_planned' });
        return { observed: issueSnapshot(closed.data) };
      },
    },
  },
});
