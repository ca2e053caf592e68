// What a write inside a block changes elsewhere (`Adapter.affects`): a block's state in the page or block
// holding it is made of everything under it, however deep (see snapshots.ts). So a write on a block's
// children (an append into it, an edit, a delete or a comment on a block in it) changes the block's field
// in its container, and that container's `contents` (whose items carry the states), and so on up to the
// page. A page's content is no part of its state in the page above it: the walk stops at a page. Read
// only when a rollback asks, one request a level: never while the agent works.
import { nullWhenGone, type AffectedFields, type ResourceRef } from '@backspace/core/adapter-kit';
import { canonicalId, notionRef } from './ids.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { CONTAINER_BLOCK_TYPES } from './normalize.js';
import { blockField, containerOf } from './snapshots.js';

type Loose = Record<string, any>;

/** Levels read up at most (Notion nests blocks far less deep). */
const MAX_DEPTH = 32;

export async function notionAffects(api: NotionApi, resource: ResourceRef): Promise<AffectedFields[]> {
  if (resource.type === 'comment') return replyAffects(api, resource);
  if (resource.type !== 'children') return [];
  const affected: AffectedFields[] = [];
  let id = canonicalId(resource.id);
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    const block = (await nullWhenGone(() => api.read((sdk) => sdk.blocks.retrieve({ block_id: id })), isNotFound)) as Loose | null;
    if (!block || CONTAINER_BLOCK_TYPES.has(block.type) || !['page_id', 'block_id'].includes(block.parent?.type)) break;
    const container = containerOf(block);
    affected.push({ resource: notionRef('children', container), fields: [blockField(id), 'contents'] });
    if (block.parent.type !== 'block_id') break;
    id = container;
  }
  return affected;
}

/**
 * A reply's undo (the only comment undone on the comment itself, see comment-create.ts) takes it out of
 * what the page or block it sits on lists (`contents`), and so out of that block's state above it: the
 * agent's own reply in its own discussion, undone first, then no longer reads as someone's change to the
 * older steps there (the comment that opened the discussion kept as a conflict "someone" made). One
 * request to find where the reply sits, then the walk up as for a write inside a block.
 */
async function replyAffects(api: NotionApi, resource: ResourceRef): Promise<AffectedFields[]> {
  const reply = (await nullWhenGone(() => api.read((sdk) => sdk.comments.retrieve({ comment_id: canonicalId(resource.id) })), isNotFound)) as Loose | null;
  if (!reply?.parent) return [];
  const onto = notionRef('children', containerOf(reply));
  return [{ resource: onto, fields: ['contents'] }, ...(await notionAffects(api, onto))];
}
