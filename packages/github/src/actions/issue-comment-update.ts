// github.issue.comment.update: edit a comment (issues.updateComment). Inverse: restore the previous body
// while the comment still holds the agent's text.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { GithubClient } from '../client.js';
import { readComment } from '../read.js';
import { commentRef, repoInput } from '../resources.js';

const input = z.object({ ...repoInput, comment_id: z.number().int().positive(), body: z.string().min(1).max(65_000) });

export const issueCommentUpdate = defineAction<z.infer<typeof input>, { id: number; html_url: string }, GithubClient>({
  name: 'github.issue.comment.update',
  reversibility: 'reversible',
  description: "Edit a comment's body; undone by restoring the earlier body unless someone edited it since",
  input,
  target: ({ owner, repo, comment_id }) => commentRef(owner, repo, comment_id),
  snapshot: ({ owner, repo, comment_id }, { client }) => readComment(client, owner, repo, comment_id),
  execute: async (fields, { client }) => {
    const comment = (await client.rest.issues.updateComment(fields)).data;
    return { id: comment.id, html_url: comment.html_url };
  },
  lookup: async ({ owner, repo, comment_id, body }, { client }) => {
    const comment = (await client.rest.issues.getComment({ owner, repo, comment_id })).data;
    return comment.body === body ? { id: comment.id, html_url: comment.html_url } : undefined;
  },
  resource: ({ owner, repo, comment_id }) => commentRef(owner, repo, comment_id),
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
