// notion.comment.create: comment on a page or block. Inverse: delete the comment, unless it was edited
// since. Compensatable: whoever was notified may have read it already.
import { z } from 'zod';
import type { CreateCommentParameters } from '@notionhq/client';
import { defineAction, ProviderError, type Compensation } from '@backspace/core';
import { canonicalId, notionRef } from '../ids.js';
import type { NotionApi } from '../notion-api.js';
import { commentField, containerOf, listComments, readChildren } from '../snapshots.js';
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

const parentOf = (parent: { page_id: string } | { block_id: string }) => ('page_id' in parent ? parent.page_id : parent.block_id);

export const commentCreate = defineAction<Input, Loose, NotionApi>({
  name: 'notion.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on a page or block; undone by deleting the comment (people notified may have read it)',
  input,
  snapshot: (comment, { client }) => (comment.parent ? readChildren(client, parentOf(comment.parent)) : Promise.resolve(null)),
  async execute(comment, { client, idempotencyKey }) {
    // No client key: a lookup after a lost response may adopt only a comment that was not there before.
    if (comment.parent) client.rememberBaseline(idempotencyKey, (await listComments(client, parentOf(comment.parent))).map((found) => canonicalId(found.id)));
    return client.write((sdk) => sdk.comments.create(comment as CreateCommentParameters));
  },
  // No client key: this integration's comment with the same text on the same parent, made by this attempt.
  async lookup(comment, { client, idempotencyKey }) {
    // A reply names only its discussion, and Notion lists comments by page or block: it cannot be found
    // again, so the outcome stays unknown rather than the reply being posted twice.
    if (!comment.parent) {
      throw new ProviderError('notion: a reply (discussion_id) whose response was lost cannot be looked up; check the discussion before posting it again', { provider: 'notion', providerCode: 'lookup_unavailable', outcomeUnknown: true });
    }
    const before = client.baseline(idempotencyKey, 'a comment');
    const me = await client.me();
    const text = requestText(comment.rich_text);
    return (await listComments(client, parentOf(comment.parent))).filter((found) => found.created_by?.id === me && requestText(found.rich_text) === text && !before.has(canonicalId(found.id))).at(-1);
  },
  resource: (_input, comment) => notionRef('comment', comment.id),
  compensation: ({ input, resource, result, pre, post }): Compensation => {
    const container = notionRef('children', containerOf(result ?? {}));
    const residue = `comment ${resource.id}: deleted, but people notified of it may have read it`;
    const description = `delete comment ${resource.id}`;
    if (input.parent && pre) {
      // Described where it sits, like the blocks beside it: the page's create sees it taken away first.
      const fields = [commentField(resource.id), 'contents'];
      return { operation: 'notion.comment.delete', resource: container, input: { comment_id: resource.id }, strategy: 'restore-fields', fields, pre, post, expect: { fields: Object.fromEntries(fields.map((field) => [field, pre[field] ?? null])) }, dependsOn: [container], residue, description };
    }
    // A reply: what sat there before it is not known, so it is undone on its own, before its container's steps.
    return { operation: 'notion.comment.delete', resource, input: { comment_id: resource.id }, strategy: 'guarded', fields: ['rich_text'], pre: null, post, expect: { absent: true }, dependsOn: [container], residue, description };
  },
});
