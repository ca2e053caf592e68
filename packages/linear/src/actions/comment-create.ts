// linear.comment.create: comment on an issue with a key-derived id. Inverse: commentDelete; the
// notifications it sent stay sent, so it is compensatable.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { uuidFromKey } from '../idempotency.js';
import { issueUuid, readComment } from '../snapshots.js';
import { issueRef, resourceOf } from './issue-input.js';

const input = z.object({
  issueId: z.string().min(1),
  body: z.string().trim().min(1).max(100_000),
  parentId: z.string().min(1).optional(),
});
type Input = z.infer<typeof input>;

export interface CreatedComment {
  id: string;
  issueId: string;
}

export const commentCreate = defineAction<Input, CreatedComment, LinearCalls>({
  name: 'linear.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on an issue; undone by deleting the comment (its notifications were already sent)',
  input,
  execute: async (fields, { client, idempotencyKey }) => {
    const id = uuidFromKey(idempotencyKey, 'comment');
    // The issue by its UUID, however the agent named it, so the comment's dependency meets the issue's own steps.
    const issueId = await issueUuid(client, fields.issueId);
    await client.call((sdk) => sdk.createComment({ ...fields, issueId, id }));
    return { id, issueId };
  },
  lookup: async (_input, { client, idempotencyKey }) => {
    const comment = await readComment(client, uuidFromKey(idempotencyKey, 'comment'));
    return comment ? { id: String(comment.id), issueId: String(comment.issueId) } : undefined;
  },
  resource: (_input, comment) => resourceOf('comment', comment.id),
  compensation: ({ result, resource, post }) => ({
    operation: 'linear.comment.delete',
    resource,
    input: { id: result.id },
    strategy: 'guarded',
    fields: ['body'],
    pre: null,
    post,
    expect: { absent: true },
    // Undone before anything that removes or closes its issue (the issue's creation counts it as contents).
    dependsOn: [issueRef(result.issueId)],
    description: `delete comment ${result.id}`,
    residue: `the notifications and emails about comment ${result.id} were already sent`,
  }),
});
