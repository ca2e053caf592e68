// linear.comment.create: comment on an issue with a key-derived id. Inverse: commentDelete; the
// notifications it sent stay sent, so it is compensatable.
import { z } from 'zod';
import { defineLinearAction } from './define-action.js';
import { guardedUndo, type Snapshot } from '@backspace/core';
import type { LinearCalls } from '../linear-calls.js';
import { uuidFromKey } from '../idempotency.js';
import { COMMENT_CREATE } from '../documents.js';
import { deleted } from '../compensations.js';
import { uuid } from '../compensation-inputs.js';
import { answeredComment, INSIDE_FIELD, postOf, readComment, withPost, type CommentNode } from '../snapshots.js';
import { issueRef, resourceOf } from './issue-input.js';

const input = z.strictObject({
  issueId: z.string().min(1).describe('The issue to comment on: its identifier as shown in Linear (e.g. "ENG-123") or its UUID.'),
  body: z.string().trim().min(1).max(100_000).describe('The comment text in Markdown. People subscribed to the issue are notified.'),
  parentId: z.string().min(1).optional().describe('To reply in a comment thread: the UUID of the comment to reply to. Leave out for a new top-level comment.'),
});
type Input = z.infer<typeof input>;

/** What the inverse names: one comment, by its UUID. */
const deleteInput = z.object({ id: uuid }).strict();

export interface CreatedComment {
  id: string;
  issueId: string;
}

const created = (snapshot: Snapshot): CreatedComment => withPost({ id: String(snapshot.id), issueId: String(snapshot.issueId) }, snapshot);

export const commentCreate = defineLinearAction({
  name: 'linear.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on an issue; undone by deleting the comment (its notifications were already sent)',
  input,
  // The body is not needed once written: the lookup finds the comment by its id (chosen from the key),
  // the inverse deletes it by id, and edits are compared on the post-state (from Linear's answer).
  sensitive: { input: ['body'] },
  minimumRequests: 1,
  // One request: Linear takes the issue by identifier or UUID, and its answer names the issue's UUID,
  // so the comment's dependency meets the issue's own steps however the agent named it.
  execute: async (fields, { client, idempotencyKey }) => {
    const payload = await client.mutate<{ comment: CommentNode }>(COMMENT_CREATE, { input: { ...fields, id: uuidFromKey(idempotencyKey, 'comment') } }, 'commentCreate');
    return created(await answeredComment(client, payload.comment));
  },
  // Found by its key-derived id after its answer was lost: as the create left it, with no reply, so
  // replies in its thread now are others' (the rollback keeps a comment someone answered).
  lookup: async (_input, { client, idempotencyKey }) => {
    const comment = await readComment(client, uuidFromKey(idempotencyKey, 'comment'));
    return comment ? created({ ...comment, [INSIDE_FIELD]: [] }) : undefined;
  },
  resource: (_input, comment) => resourceOf('comment', comment.id),
  post: (_input, comment) => postOf(comment),
  compensation: (args) => {
    const parentId = typeof args.post?.parentId === 'string' ? args.post.parentId : args.input.parentId;
    return guardedUndo(args, {
      operation: 'linear.comment.delete',
      input: { id: args.result.id },
      fields: ['body'],
      // The replies in its thread: a person's keeps the comment (a conflict naming it), since deleting the
      // comment may take its thread with it; the agent's own, deleted first, keep nothing.
      contents: INSIDE_FIELD,
      expect: { absent: true },
      // Undone before anything that removes or closes its issue (the issue's creation counts it as contents),
      // and, as a reply, before the comment it answers (whose thread counts it).
      dependsOn: [issueRef(args.result.issueId), ...(parentId ? [resourceOf('comment', parentId)] : [])],
      description: `delete comment ${args.result.id}`,
      residue: `the notifications and emails about comment ${args.result.id} were already sent`,
    });
  },
  inverses: {
    'linear.comment.delete': {
      input: deleteInput,
      run: ({ id }: z.infer<typeof deleteInput>, { client }) => deleted(() => client.call((sdk) => sdk.deleteComment(id))),
    },
  },
});
