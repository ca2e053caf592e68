// github.issue.create: open an issue (issues.create). Inverse: close it as not planned, unless others
// commented on it or edited it since (a conflict: their work stays visible).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { issueResult, resultSnapshot, type IssueResult } from '../issue-snapshot.js';
import { hasMarker, issueRef, repoInput, withMarker } from '../resources.js';

const input = z.object({
  ...repoInput,
  title: z.string().min(1).max(256),
  body: z.string().max(65_000).optional(),
  labels: z.array(z.string().min(1)).optional(),
  assignees: z.array(z.string().min(1)).optional(),
});

/** The created issue as GitHub answered it: what the agent needs and what the post-state is made of. */
export type CreatedIssue = IssueResult;

export const compactIssue = issueResult;

export const issueCreate = defineAction<z.infer<typeof input>, CreatedIssue, GithubClient>({
  name: 'github.issue.create',
  reversibility: 'compensatable',
  description: 'Open an issue; undone by closing it as not planned (GitHub cannot delete it), unless others built on it',
  input,
  execute: async ({ body, ...fields }, { client, idempotencyKey }) =>
    compactIssue((await client.rest.issues.create({ ...fields, body: withMarker(body, idempotencyKey) })).data),
  lookup: async ({ owner, repo }, { client, idempotencyKey }) => {
    const creator = await client.login();
    const recent = await client.rest.issues.listForRepo({ owner, repo, creator, state: 'all', sort: 'created', direction: 'desc', per_page: 50 });
    const found = recent.data.find((issue) => !issue.pull_request && hasMarker(issue.body, idempotencyKey));
    return found ? compactIssue(found) : undefined;
  },
  resource: ({ owner, repo }, issue) => issueRef(owner, repo, issue.number),
  // The write's answer is the new issue whole; a new issue has no comments yet.
  post: (_input, issue) => resultSnapshot(issue, []),
  minimumRequests: 1,
  compensation: ({ input: { owner, repo }, result, resource, post }) => ({
    operation: 'github.issue.close',
    resource,
    input: { owner, repo, issue_number: result.number },
    strategy: 'guarded',
    // Others' edits make closing it a conflict (a person who closed and reopened it keeps it open), and
    // so do comments anyone else wrote on it (a person's, or another session's on the same token); the
    // session's own comments are deleted first.
    fields: ['title', 'body', 'reopened'],
    contents: 'comment_keys',
    pre: null,
    post,
    expect: { fields: { state: 'closed', state_reason: 'not_planned' } },
    residue: `issue #${result.number} in ${owner}/${repo} stays, closed as not planned (GitHub cannot delete issues through the API)`,
    description: `close issue #${result.number} in ${owner}/${repo} as not planned`,
  }),
});
