// notion.comment.create: comment on a page or block. Inverse: delete the comment, unless it was edited
// since. Compensatable: whoever was notified may have read it already.
import { z } from 'zod';
import type { CreateCommentParameters } from '@notionhq/client';
import { defineAction, ProviderError } from '@backspace/core';
import type { NotionApi } from '../notion-api.js';
import { requestText } from '../normalize.js';
import { notionId, richText } from '../schemas.js';

const input = z
  .strictObject({
    parent: z.union([z.object({ page_id: notionId }), z.object({ block_id: notionId })]).optional(),
    discussion_id: z.string().min(1).optional(),
    rich_text: richText.min(1),
  })
  .refine((comment) => (comment.parent === undefined) !== (comment.discussion_id === undefined), { message: 'give either a parent or a discussion_id' });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export const commentCreate = defineAction<Input, Loose, NotionApi>({
  name: 'notion.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on a page or block; undone by deleting the comment (people notified may have read it)',
  input,
  execute: (comment, { client }) => client.write((sdk) => sdk.comments.create(comment as CreateCommentParameters)),
  // No client key: our latest comment with the same text on the same parent is the earlier write.
  async lookup(comment, { client }) {
    // A reply names only its discussion, and Notion lists comments by page or block: it cannot be found
    // again, so the outcome stays unknown rather than the reply being posted twice.
    if (!comment.parent) {
      throw new ProviderError('notion: a reply (discussion_id) whose response was lost cannot be looked up; check the discussion before posting it again', { provider: 'notion', providerCode: 'lookup_unavailable', outcomeUnknown: true });
    }
    const me = await client.me();
    const on = 'page_id' in comment.parent ? comment.parent.page_id : comment.parent.block_id;
    const listed = await client.read((sdk) => sdk.comments.list({ block_id: on, page_size: 100 }));
    const text = requestText(comment.rich_text);
    return (listed.results as Loose[]).filter((found) => found.created_by?.id === me && requestText(found.rich_text) === text).at(-1);
  },
  resource: (_input, comment) => ({ provider: 'notion', type: 'comment', id: comment.id }),
  compensation: ({ resource, post }) => ({
    operation: 'notion.comment.delete',
    resource,
    input: { comment_id: resource.id },
    strategy: 'guarded',
    fields: ['rich_text'],
    pre: null,
    post,
    expect: { absent: true },
    residue: `comment ${resource.id}: deleted, but people notified of it may have read it`,
    description: `delete comment ${resource.id}`,
  }),
});
