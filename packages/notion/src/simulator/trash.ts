// Notion's trash emptied: what a person's "Delete permanently" does, and what Notion's own retention
// does to anything left in the trash for 30 days. Blocks deleted for good are gone with everything
// under them and the comments on them; the API answers object_not_found for them from then on, a
// restore (`in_trash: false`) included.
import type { BlockRecord, NotionStore } from './store.js';

/**
 * Deletes for good the blocks given (each must be in the trash, as Notion only deletes from there), or
 * every block in the trash; returns the ids of every block removed, those under them included.
 */
export function deleteForever(store: NotionStore, blockIds?: readonly string[]): string[] {
  const chosen = blockIds ? blockIds.map((id) => trashed(store, id)) : [...store.blocks.values()].filter((block) => block.inTrash);
  const removed: string[] = [];
  for (const block of chosen) if (store.blocks.has(block.id)) removeTree(store, block, removed);
  for (const block of chosen) detach(store, block);
  const gone = new Set(removed);
  for (const comment of store.comments.values()) {
    const on = (comment.parent as { block_id?: string }).block_id;
    if (on && gone.has(on)) store.comments.delete(comment.id);
  }
  return removed;
}

function trashed(store: NotionStore, id: string): BlockRecord {
  const block = store.blocks.get(id);
  if (!block?.inTrash) throw new Error(`block ${id} is not in the trash: Notion deletes for good only from there`);
  return block;
}

function removeTree(store: NotionStore, block: BlockRecord, removed: string[]): void {
  for (const childId of block.children) {
    const child = store.blocks.get(childId);
    if (child) removeTree(store, child, removed);
  }
  store.blocks.delete(block.id);
  // A subpage under it goes with it.
  if (block.type === 'child_page') store.pages.delete(block.id);
  removed.push(block.id);
}

/** No longer among its parent's children. */
function detach(store: NotionStore, block: BlockRecord): void {
  const parentId = block.parent.type === 'page_id' ? block.parent.page_id : block.parent.block_id;
  const parent = store.pages.get(parentId) ?? store.blocks.get(parentId);
  if (parent) parent.children = parent.children.filter((id) => id !== block.id);
}
