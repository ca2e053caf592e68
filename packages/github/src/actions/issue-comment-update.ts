// github.issue.comment.update: edit a comment (issues.updateComment). Inverse: restore the previous body
// while the comment still holds the agent's text.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { readComment } from '../read.js';
import { commentRef, repoInput } from '../resources.js';

const input = z.object({ ...repoInput, comment_id: z.number().int().positive().describe('The numeric id of the comment (from the comment\'s URL after #issuecomment-, or as returned when it was created), not the issue number.'),
  body: z.string().min(1).max(65_000).describe('The new comment text in GitHub Markdown; it replaces the whole body.'),
});

/** The edited comment as GitHub answered: its body and author are the post-state, with no read-back. */
export interface EditedComment {
  id: number;
  html_url: string;
  body: string | null;
  author: string | null;
}

const compact = (comment: { id: number; html_url: string; body?: string | null; user: { login: string } | null }): EditedComment => ({ id: comment.id, html_url: comment.html_url, body: comment.body ?? null, author: comment.user?.login ?? null });

export const issueCommentUpdate = defineAction<z.infer<typeof input>, EditedComment, GithubClient>({
  name: 'github.issue.comment.update',
  reversibility: 'reversible',
  description: "Edit a comment's body; undone by restoring the earlier body unless someone edited it since",
  input,
  target: ({ owner, repo, comment_id }) => commentRef(owner, repo, comment_id),
  snapshot: ({ owner, repo, comment_id }, { client }) => readComment(client, owner, repo, comment_id),
  execute: async (fields, { client }) => compact((await client.rest.issues.updateComment(fields)).data),
  lookup: async ({ owner, repo, comment_id, body }, { client }) => {
    const comment = (await client.rest.issues.getComment({ owner, repo, comment_id })).data;
    return comment.body === body ? compact(comment) : undefined;
  },
  resource: ({ owner, repo, comment_id }) => commentRef(owner, repo, comment_id),
  post: (_input, comment) => ({ body: comment.body, author: comment.author }),
  // The pre-state read and the write.
  minimumRequests: 2,
  compensation: ({ input: { owner, repo, comment_id }, resource, pre, post }) => ({
    operation: 'github.comment.restore',
    resource,
    input: { owner, repo, comment_id },
    strategy: 'restore-fields',
    fields: ['body'],
    pre,
    post,
    expect: { fields: { body: pre?.body ?? null } },
    description: `restore the earlier body of comment ${comment_id} in ${owner}/${repo}`,
  }),
});
