// /v1/comments: create on a page or block (or reply in a discussion), list, retrieve, delete.
import type { SimulatorRequest } from '@backspace/simulator-kit';
import type { RouteTable } from './route-table.js';
import { requireBlock, requirePage, requireUuid } from './access.js';
import { notionError, objectNotFound, validationError } from './notion-errors.js';
import { paginate, renderComment } from './render-page.js';
import { parseRichText } from './rich-text.js';
import { normalizeId, type CommentRecord, type NotionStore } from './store.js';

export function addCommentRoutes(router: RouteTable, store: NotionStore, userId: (request: SimulatorRequest) => string): void {
  const requireComment = (rawId: string): CommentRecord => {
    const comment = store.comments.get(requireUuid(rawId, 'path.comment_id'));
    if (!comment || comment.deleted || !store.pages.get(comment.pageId)?.shared) throw objectNotFound('comment', rawId);
    return comment;
  };

  router.post('/v1/comments', (request) => {
    const body = (request.body ?? {}) as { parent?: { page_id?: string; block_id?: string }; discussion_id?: string; rich_text?: unknown };
    const richText = parseRichText(body.rich_text, 'body.rich_text');
    if (richText.length === 0) throw validationError('body failed validation: body.rich_text should not be empty.');
    let parent: CommentRecord['parent'];
    let pageId: string;
    let discussionId: string;
    if (body.discussion_id !== undefined) {
      requireUuid(body.discussion_id, 'body.discussion_id');
      const first = [...store.comments.values()].find((comment) => comment.discussionId === body.discussion_id && !comment.deleted);
      if (!first) throw objectNotFound('discussion', body.discussion_id);
      ({ parent, pageId, discussionId } = first);
    } else if (body.parent?.page_id !== undefined) {
      const page = requirePage(store, body.parent.page_id, 'body.parent.page_id');
      parent = { type: 'page_id', page_id: page.id };
      pageId = page.id;
      discussionId = store.newId();
    } else if (body.parent?.block_id !== undefined) {
      const block = requireBlock(store, body.parent.block_id, 'body.parent.block_id');
      parent = { type: 'block_id', block_id: block.id };
      pageId = block.pageId;
      discussionId = store.newId();
    } else {
      throw validationError('body failed validation: body.parent or body.discussion_id should be defined.');
    }
    if (store.pages.get(pageId)!.inTrash) throw notionError(400, 'validation_error', "Can't comment on a page that is archived.");
    const now = store.times.nextIso();
    const comment: CommentRecord = { id: store.newId(), discussionId, parent, pageId, richText, createdTime: now, lastEditedTime: now, createdBy: userId(request), deleted: false };
    store.comments.set(comment.id, comment);
    return { status: 200, body: renderComment(comment) };
  });

  router.get('/v1/comments', (request) => {
    const target = request.query.block_id;
    if (!target) throw validationError('body failed validation: block_id should be defined.');
    const id = normalizeId(target);
    if (store.pages.has(id)) requirePage(store, target, 'query.block_id');
    else requireBlock(store, target, 'query.block_id');
    const comments = [...store.comments.values()].filter((comment) => !comment.deleted && ((comment.parent as { page_id?: string }).page_id ?? (comment.parent as { block_id?: string }).block_id) === id);
    const { page, nextCursor } = paginate(comments, request.query);
    return { status: 200, body: { object: 'list', results: page.map(renderComment), next_cursor: nextCursor, has_more: nextCursor !== null, type: 'comment', comment: {} } };
  });

  router.get('/v1/comments/:comment_id', (request) => ({ status: 200, body: renderComment(requireComment(request.params.comment_id!)) }));

  // An integration deletes only the comments it made (any other answers not found), and deleting the
  // comment that opened a discussion removes the whole thread, others' replies with it (as seen against a
  // real workspace: github.com/4ier/notion-cli/pull/44); a reply goes alone.
  router.delete('/v1/comments/:comment_id', (request) => {
    const comment = requireComment(request.params.comment_id!);
    if (comment.createdBy !== userId(request)) throw objectNotFound('comment', request.params.comment_id!);
    const thread = [...store.comments.values()].filter((other) => other.discussionId === comment.discussionId && !other.deleted);
    const opened = thread.every((other) => other.createdTime > comment.createdTime || other === comment);
    for (const other of opened ? thread : [comment]) other.deleted = true;
    return { status: 200, body: renderComment(comment) };
  });
}
