// Reading the simulator's state directly (never through the API), as comparable JSON for tests.
import type { Json, ResourceRef } from '@backspace/core';
import { plainText, type StoredRichText } from './rich-text.js';
import type { BlockRecord, NotionState } from './store.js';

/** A block and its live subtree: type, content and children, without ids or times. */
export function inspectBlockTree(state: NotionState, block: BlockRecord): Json {
  const children = block.children.map((id) => state.blocks.get(id)!).filter((child) => !child.inTrash && child.type !== 'child_page');
  return { type: block.type, content: block.content as Json, ...(children.length ? { children: children.map((child) => inspectBlockTree(state, child)) } : {}) };
}

/** A page: title, trash state, stored properties and its content tree (subpages left out). */
export function inspectPage(state: NotionState, pageId: string): Json | null {
  const page = state.pages.get(pageId);
  if (!page) return null;
  const titleName = Object.keys(page.properties).find((name) => 'title' in page.properties[name]!) ?? 'title';
  const content = page.children.map((id) => state.blocks.get(id)!).filter((block) => !block.inTrash && block.type !== 'child_page');
  return {
    title: plainText((page.properties[titleName]?.title as StoredRichText[]) ?? []),
    in_trash: page.inTrash,
    properties: page.properties as Json,
    content: content.map((block) => inspectBlockTree(state, block)),
  };
}

/** A block with its trash state and subtree; null when it never existed. */
export function inspectBlock(state: NotionState, blockId: string): Json | null {
  const block = state.blocks.get(blockId);
  if (!block) return null;
  return { in_trash: block.inTrash, text: plainText((block.content.rich_text as StoredRichText[]) ?? []), tree: inspectBlockTree(state, block) };
}

/** The live children of a page or block, with ids (the same blocks, not just the same content). */
export function inspectChildren(state: NotionState, parentId: string): Json | null {
  const ids = state.pages.get(parentId)?.children ?? state.blocks.get(parentId)?.children;
  if (!ids) return null;
  return ids.map((id) => state.blocks.get(id)!).filter((block) => !block.inTrash).map((block) => ({ id: block.id, tree: inspectBlockTree(state, block) }));
}

/** A comment's text and parent; null once deleted. */
export function inspectComment(state: NotionState, commentId: string): Json | null {
  const comment = state.comments.get(commentId);
  if (!comment || comment.deleted) return null;
  return { text: plainText(comment.richText), parent: comment.parent, discussion_id: comment.discussionId };
}

/** One resource's state by its ref (a page, a block, a block's children, a comment): the simulator handle's reader. */
export function inspectResource(state: NotionState, resource: ResourceRef): Json | null {
  if (resource.type === 'page') return inspectPage(state, resource.id);
  if (resource.type === 'block') return inspectBlock(state, resource.id);
  if (resource.type === 'children') return inspectChildren(state, resource.id);
  if (resource.type === 'comment') return inspectComment(state, resource.id);
  throw new Error(`no inspector for ${resource.type}`);
}
