// notion.comment.create: comment on a page or block. Inverse: delete the comment. Compensatable:
// whoever was notified may have read it already. A comment is described where the snapshots list it: a
// comment on a page (also one named by its child_page block's id, the same id), or on a block someone
// else wrote, in that page's (or block's) own container; one on a block this integration wrote in the
// container around that block, as part of the block's state, so a page the agent created sees its own
// comments on its blocks taken away first, and others' as theirs. A comment that opened a discussion
// someone else replied in is kept, a conflict: deleted, it would leave their reply answering nothing.
import { z } from 'zod';
import type { CreateCommentParameters } from '@notionhq/client';
import { defineNotionAction } from './define-action.js';
import { doneWhenGone, guardedUndo, ProviderError, restoreFields, type Compensation, type CompensationReport, type Snapshot } from '@backspace/core/adapter-kit';
import { commentDeletedState } from '../answered-state.js';
import { formatBlockState, parseBlockState } from '../block-state.js';
import { commentIds, withBlockState, withComment } from '../container-state.js';
import { canonicalId, notionRef } from '../ids.js';
import { isAlreadyDeleted, lookupUnavailable, type NotionApi } from '../notion-api.js';
import { containerValues } from '../compensation-inputs.js';
import { notMadeByAnother, onlyOneLeft } from '../created-candidates.js';
import { CONTAINER_BLOCK_TYPES, requestText } from '../normalize.js';
import { notionId, richText } from '../schemas.js';
import { blockField, commentFields, commentState, containerFields, containerOf, listComments, repliesField } from '../snapshots.js';

const input = z
  .strictObject({
    parent: z
      .union([
        z.object({ page_id: notionId.describe('The id of the page to comment on.') }),
        z.object({ block_id: notionId.describe('The id of the block to comment on.') }),
      ])
      .optional()
      .describe('To start a new discussion: {"page_id":"<id>"} or {"block_id":"<id>"}. Give parent or discussion_id.'),
    discussion_id: z.string().min(1).optional().describe('To reply in an existing discussion: its id, as found on the discussion\'s comments. Give parent or discussion_id.'),
    rich_text: richText.min(1).describe('The comment as rich text, e.g. [{"type":"text","text":{"content":"Looks good, ship it"}}]. People in the discussion are notified.'),
  })
  .refine((comment) => (comment.parent === undefined) !== (comment.discussion_id === undefined), { message: 'give either a parent or a discussion_id' });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

/**
 * The inverse: the comment deleted, by its id. `values`, added by the engine when the comment is undone
 * in its container (a restore), names the container fields it puts back.
 */
const DELETE_COMMENT = 'notion.comment.delete';
const deleteInput = z.object({ comment_id: notionId, values: containerValues.optional() }).strict();

const parentOf = (parent: { page_id: string } | { block_id: string }) => canonicalId('page_id' in parent ? parent.page_id : parent.block_id);

export const commentCreate = defineNotionAction({
  name: 'notion.comment.create',
  reversibility: 'compensatable',
  description: 'Comment on a page or block; undone by deleting the comment (people notified may have read it)',
  input,
  // The page before (its children, the children of each that has some: one in the conformance page, its
  // comments), and the comment, whose answer is all the post-state needs.
  minimumRequests: 4,
  snapshot: (comment, { client }) => (comment.parent ? whereListed(client, comment.parent) : Promise.resolve(null)),
  execute: (comment, { client }) => client.write((sdk) => sdk.comments.create(comment as CreateCommentParameters)),
  // No client key: this integration's comment with the same text on the same parent that was not there
  // before the attempt (the pre-state lists what was), and that the journal does not record as another
  // action's (another session's same words, the agent's own retry): the one left, or, with several, none
  // told apart (see created-candidates.ts).
  async lookup(comment, { client, idempotencyKey, pre, madeByAnother }) {
    // A reply names only its discussion, and Notion lists comments by page or block: it cannot be found
    // again, so the outcome stays unknown rather than the reply being posted twice.
    if (!comment.parent) {
      throw new ProviderError('notion: a reply (discussion_id) whose response was lost cannot be looked up; check the discussion before posting it again', { provider: 'notion', providerCode: 'lookup_unavailable', outcomeUnknown: true });
    }
    if (!pre) throw lookupUnavailable('a comment', idempotencyKey);
    const before = new Set(commentIds(pre));
    const me = await client.me();
    const text = requestText(comment.rich_text);
    const since = (await listComments(client, parentOf(comment.parent))).filter((found) => found.created_by?.id === me && requestText(found.rich_text) === text && !before.has(canonicalId(found.id)));
    const left = await notMadeByAnother(since, (found) => notionRef('comment', found.id), madeByAnother);
    return onlyOneLeft(left, 'comment', `with this text on ${parentOf(comment.parent)}`);
  },
  resource: (_input, comment) => notionRef('comment', comment.id),
  // The state the comment leaves where it is listed: worked out from the answer, not read again.
  post: (comment, result, pre) => {
    if (!comment.parent || !pre) return commentFields(result);
    const onBlock = pre.on_block as string | undefined;
    if (!onBlock) return withComment(pre, result.id, commentState(result));
    const state = parseBlockState(pre[blockField(onBlock)]);
    return withBlockState(pre, onBlock, formatBlockState({ ...state, comments: [...state.comments, canonicalId(result.id)] }));
  },
  compensation: (args): Compensation => {
    const { input, resource, result, pre } = args;
    const spec = { operation: DELETE_COMMENT, input: { comment_id: resource.id }, residue: `comment ${resource.id}: deleted, but people notified of it may have read it`, description: `delete comment ${resource.id}` };
    if (input.parent && pre) {
      const container = notionRef('children', pre.container as string);
      const onBlock = pre.on_block as string | undefined;
      // On the page (or someone else's block), the comment's discussion is compared rather than the
      // comment's text (which only its author can change): a reply someone else wrote in it keeps the
      // comment, a conflict, as it would keep a field they changed. On the integration's own block, the
      // block's state lists every comment on it, replies among them, to the same effect.
      return restoreFields(args, { ...spec, resource: container, fields: [onBlock ? blockField(onBlock) : repliesField(resource.id), 'contents'], dependsOn: [container] });
    }
    // A reply: what sat there before it is not known, so it is undone on its own, before its container's steps.
    return guardedUndo({ ...args, pre: null }, { ...spec, fields: ['rich_text'], expect: { absent: true }, dependsOn: [notionRef('children', containerOf(result ?? {}))] });
  },
  inverses: {
    [DELETE_COMMENT]: {
      input: deleteInput,
      run: async ({ comment_id, values }: z.infer<typeof deleteInput>, { client, pre }): Promise<CompensationReport | void> => {
        // Deleting what is gone (or refused as already in the trash) ends in the same state: done.
        await doneWhenGone(() => client.write((sdk) => sdk.comments.delete({ comment_id })), isAlreadyDeleted);
        // Gone, as the answer (or Notion's not-found for an earlier run's delete) says: a reply's own
        // resource is absent; a comment undone in its container leaves the container as planning read it,
        // without the comment.
        if (!values) return { observed: null };
        return pre ? { observed: commentDeletedState(pre, comment_id) } : undefined;
      },
    },
  },
});

/**
 * The container whose snapshot lists a comment on this parent: the page, or a block someone else wrote,
 * itself; for a block this integration wrote, the container around it (`on_block` names the block). A
 * page (or database) named as a block (a child_page block has the page's id) is the page: Notion lists
 * the comment among the page's own, and no read lists comments on such a block in the container around
 * it, so described there the comment would read as gone already and its undo would leave it.
 */
async function whereListed(client: NotionApi, parent: { page_id: string } | { block_id: string }): Promise<Snapshot | null> {
  const parentId = parentOf(parent);
  if ('block_id' in parent) {
    const block = (await client.read((sdk) => sdk.blocks.retrieve({ block_id: parentId }))) as Loose;
    if (!CONTAINER_BLOCK_TYPES.has(block.type) && block.created_by?.id === (await client.me())) {
      const container = containerOf(block);
      return { ...((await containerFields(client, container)) ?? {}), container, on_block: parentId };
    }
  }
  const fields = await containerFields(client, parentId);
  return fields && { ...fields, container: parentId };
}
