// /v1/blocks: retrieve, update, delete (to trash), list children (paginated), append children.
import type { SimulatorRequest } from '@backspace/simulator-kit';
import type { RouteTable } from './route-table.js';
import { refuseArchived, requireBlock, requireContainer, requireUuid } from './access.js';
import { BLOCK_TYPES, CHILDLESS, insertBlocks, liveChildren, parseChildren, parseContent, renderBlock } from './blocks.js';
import { validationError } from './notion-errors.js';
import { paginate } from './render-page.js';
import { normalizeId, type NotionStore } from './store.js';

type Body = Record<string, unknown>;

export function addBlockRoutes(router: RouteTable, store: NotionStore, userId: (request: SimulatorRequest) => string): void {
  router.get('/v1/blocks/:block_id', (request) => ({ status: 200, body: renderBlock(store, requireBlock(store, request.params.block_id!)) }));

  router.get('/v1/blocks/:block_id/children', (request) => {
    const container = requireContainer(store, request.params.block_id!);
    const size = request.query.page_size;
    if (size !== undefined && !(Number(size) >= 1 && Number(size) <= 100)) throw validationError(`body failed validation: page_size should be ≤ \`100\`, instead was \`${size}\`.`);
    const children = liveChildren(store, container.children);
    const cursor = request.query.start_cursor;
    if (cursor && !children.some((child) => child.id === cursor)) throw validationError(`start_cursor provided is invalid: ${cursor}`);
    const { page, nextCursor } = paginate(children, request.query);
    return { status: 200, body: { object: 'list', results: page.map((block) => renderBlock(store, block)), next_cursor: nextCursor, has_more: nextCursor !== null, type: 'block', block: {} } };
  });

  router.patch('/v1/blocks/:block_id/children', (request) => {
    const container = requireContainer(store, request.params.block_id!);
    const body = (request.body ?? {}) as Body;
    refuseArchived(container.inTrash, container.kind);
    if (CHILDLESS.has(container.type)) throw validationError(`Block type ${container.type} does not support children.`);
    const children = parseChildren(body.children);
    const position = body.position as { type?: string; after_block?: { id?: string } } | undefined;
    const rawAfter = body.after !== undefined ? body.after : position?.type === 'after_block' ? position.after_block?.id : undefined;
    const after = rawAfter !== undefined ? requireUuid(rawAfter, body.after !== undefined ? 'body.after' : 'body.position.after_block.id') : undefined;
    if (after && !liveChildren(store, container.children).some((child) => child.id === after)) throw validationError(`body failed validation: body.after should be the id of a child of ${container.id}, instead was \`${rawAfter}\`.`);
    const user = userId(request);
    const created = insertBlocks(store, container, children, user, { after, start: position?.type === 'start' });
    if (container.kind === 'block') store.touchBlock(store.blocks.get(container.id)!, user);
    else store.touchPage(container.id, user);
    return { status: 200, body: { object: 'list', results: created.map((block) => renderBlock(store, block)), next_cursor: null, has_more: false, type: 'block', block: {} } };
  });

  router.patch('/v1/blocks/:block_id', (request) => {
    const block = requireBlock(store, request.params.block_id!);
    const body = (request.body ?? {}) as Body;
    const trash = body.in_trash ?? body.archived;
    if (trash !== undefined && typeof trash !== 'boolean') throw validationError(`body failed validation: body.in_trash should be a boolean, instead was \`${JSON.stringify(trash)}\`.`);
    if (trash !== false) refuseArchived(block.inTrash, 'block');
    const otherType = Object.keys(body).find((key) => key in BLOCK_TYPES && key !== block.type);
    if (otherType) throw validationError(`body failed validation: a ${block.type} block cannot be updated to ${otherType}; the block type cannot change.`);
    const given = body[block.type];
    if (given !== undefined) {
      if (!given || typeof given !== 'object') throw validationError(`body failed validation: body.${block.type} should be an object.`);
      block.content = parseContent(block.type, given as Record<string, unknown>, `body.${block.type}`, block.content);
    }
    if (typeof trash === 'boolean') {
      block.inTrash = trash;
      // A child_page block is its page: taking it out of the trash (or sending it there) moves the page too.
      const page = store.pages.get(block.id);
      if (page) page.inTrash = trash;
    }
    store.touchBlock(block, userId(request));
    return { status: 200, body: renderBlock(store, block) };
  });

  router.delete('/v1/blocks/:block_id', (request) => {
    const block = requireBlock(store, request.params.block_id!);
    refuseArchived(block.inTrash, 'block');
    block.inTrash = true;
    // Deleting a child_page block sends the page to the trash with it.
    const page = store.pages.get(block.id);
    if (page) page.inTrash = true;
    store.touchBlock(block, userId(request));
    return { status: 200, body: renderBlock(store, block) };
  });
}
