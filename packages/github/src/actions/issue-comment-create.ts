// github.issue.comment.create: comment on an issue or pull request (issues.createComment).
// Inverse: delete the comment, unless someone edited it since. Notifications already sent remain.
import { z } from 'zod';
import { defineGithubAction } from './define-action.js';
import { doneWhenGone, guardedUndo } from '@backspace/core/adapter-kit';
import type { GithubClient } from '../client.js';
import { isNotFound } from '../errors.js';
import { movedWithIssue, whereCommentWent } from '../read.js';
import { commentRef, hasMarker, issueRef, issueNumber, positiveId, repoInput, withMarker } from '../resources.js';

const input = z.strictObject({ ...repoInput, issue_number: issueNumber, body: z.string().min(1).max(65_000).describe('The comment text in GitHub Markdown. Everyone watching the issue is notified.') });

/**
 * What the inverse names: one comment, by its id, and the issue it was written on (absent in older
 * journals), so it is found where a person transferred that issue. A forged or malformed input is
 * refused before it runs.
 */
const deleteInput = z.object({ ...repoInput, comment_id: positiveId, issue_number: positiveId.optional() }).strict();

export interface CreatedComment {
  id: number;
  node_id: string;
  html_url: string;
  issue_number: number;
  /** The body as GitHub keeps it (the marker included) and its author: the post-state, with no read-back. */
  body: string | null;
  author: string | null;
}

type RestComment = { id: number; node_id: string; html_url: string; body?: string | null; user: { login: string } | null };

const compact = (comment: RestComment, issue_number: number): CreatedComment => ({ id: comment.id, node_id: comment.node_id, html_url: comment.html_url, issue_number, body: comment.body ?? null, author: comment.user?.login ?? null });

export const issueCommentCreate = defineGithubAction({
  name: 'github.issue.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on an issue; undone by deleting the comment (its notifications were already sent)',
  input,
  // The body is not needed once posted: the lookup finds the comment by the key hidden in it, the inverse
  // deletes it by id, and whether someone edited it is compared on the post-state (from GitHub's answer,
  // before redaction). A retried call with the same key gets the answer back with its body redacted.
  sensitive: { input: ['body'], result: ['body'] },
  execute: async ({ body, ...where }, { client, idempotencyKey }) =>
    compact((await client.rest.issues.createComment({ ...where, body: withMarker(body, idempotencyKey) })).data, where.issue_number),
  lookup: async ({ owner, repo, issue_number }, { client, idempotencyKey }) => {
    const comments = await client.octokit.paginate(client.rest.issues.listComments, { owner, repo, issue_number, per_page: 100 });
    const found = comments.find((comment) => hasMarker(comment.body, idempotencyKey));
    return found ? compact(found, issue_number) : undefined;
  },
  resource: ({ owner, repo }, comment) => commentRef(owner, repo, comment.id),
  post: (_input, comment) => ({ body: comment.body, author: comment.author }),
  minimumRequests: 1,
  compensation: (args) => {
    const { input: { owner, repo, issue_number }, result } = args;
    return guardedUndo(args, {
      operation: 'github.comment.delete',
      input: { owner, repo, comment_id: result.id, issue_number },
      // The issue it is on rides along as a field (`moved_to:#N`, absent while the comment is where it
      // was written): a person who transferred the issue took the comment with it, still the agent's, and
      // the read finds it there, or names where the issue went when it cannot (see `readComment`).
      fields: ['body', movedWithIssue(issue_number)],
      expect: { absent: true },
      // Deleted before its issue is closed, so a rollback of both never counts it as someone else's.
      dependsOn: [issueRef(owner, repo, issue_number)],
      residue: `the notification e-mails for the comment on #${issue_number} in ${owner}/${repo} were already sent`,
      description: `delete comment ${result.id} on #${issue_number} in ${owner}/${repo}`,
    });
  },
  inverses: {
    'github.comment.delete': {
      input: deleteInput,
      // A 404: deleted by an earlier run (a retry after a lost answer), or moved with its issue, which a
      // person transferred to another repository: deleted there, where GitHub answers it by its id.
      // Either way the answer shows it gone; found nowhere where its issue went, it is left in place.
      run: async ({ owner, repo, comment_id, issue_number }: z.infer<typeof deleteInput>, { client }) => {
        const deleted = await client.rest.issues.deleteComment({ owner, repo, comment_id }).then(
          () => true,
          (error: unknown) => {
            if (isNotFound(error)) return false;
            throw error;
          },
        );
        const went = deleted || issue_number === undefined ? null : await whereCommentWent(client, owner, repo, comment_id, issue_number);
        if (went && !went.comment) return { keptBecause: `the issue it was on was moved to ${went.location}, where the comment cannot be found` };
        if (went) await doneWhenGone(() => client.rest.issues.deleteComment({ owner: went.owner, repo: went.repo, comment_id }), isNotFound);
        return { observed: null };
      },
    },
  },
});
