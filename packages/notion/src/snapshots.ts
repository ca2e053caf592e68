// Reading resources in snapshot form: pages (properties and content), blocks, a parent's children, comments.
import type { Json, ResourceRef, Snapshot } from '@backspace/core';
import { readTree } from './block-tree.js';
import { isNotFound, type NotionApi } from './notion-api.js';
import { createHash } from 'node:crypto';
import { blockContent, CONTAINER_BLOCK_TYPES, sortedJson, normalizeProperties, normalizeRichText, plainTitle, toBlockNode, type BlockNode } from './normalize.js';
import { listChildren } from './block-tree.js';

type Loose = Record<string, any>;

/** Null when Notion answers object_not_found (gone, or not shared with the integration). */
async function orNull<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) return null;
    throw error;
  }
}

export function pageFields(page: Loose): Snapshot {
  return {
    title: plainTitle(page.properties),
    in_trash: Boolean(page.in_trash ?? page.archived),
    icon: (page.icon ?? null) as Json,
    cover: (page.cover ?? null) as Json,
    ...normalizeProperties(page.properties),
    created_by: page.created_by?.id ?? null,
    last_edited_by: page.last_edited_by?.id ?? null,
  };
}

/** The page's properties and its whole content tree (`content`: request-form blocks, no ids). */
export async function readPage(api: NotionApi, pageId: string): Promise<Snapshot | null> {
  const page = await orNull(() => api.read((sdk) => sdk.pages.retrieve({ page_id: pageId })));
  if (!page) return null;
  return { ...pageFields(page), content: (await readTree(api, pageId)) as unknown as Json };
}

export function blockFields(block: Loose): Snapshot {
  return {
    type: block.type,
    content: { [block.type]: blockContent(block) } as Json,
    in_trash: Boolean(block.in_trash ?? block.archived),
    has_children: Boolean(block.has_children),
    last_edited_by: block.last_edited_by?.id ?? null,
  };
}

export async function readBlock(api: NotionApi, blockId: string): Promise<Snapshot | null> {
  const block = await orNull(() => api.read((sdk) => sdk.blocks.retrieve({ block_id: blockId })));
  return block ? blockFields(block) : null;
}

/**
 * The content under a page or block, the resource that appends and content replacements share:
 * `content`, the whole tree in request form without ids (subpages left out), and one `block:<id>`
 * digest per live child, so an edit to any one appended block can be told apart.
 */
export async function readChildren(api: NotionApi, parentId: string): Promise<Snapshot | null> {
  const children = await orNull(() => listChildren(api, parentId));
  if (!children) return null;
  const fields: Snapshot = {};
  const content: BlockNode[] = [];
  for (const child of children) {
    const contained = CONTAINER_BLOCK_TYPES.has(child.type);
    const node = toBlockNode(child, child.has_children && !contained ? await readTree(api, child.id) : undefined);
    fields[`block:${child.id}`] = digest(node);
    if (!contained) content.push(node);
  }
  return { content: content as unknown as Json, ...fields };
}

function digest(node: BlockNode): string {
  return createHash('sha256').update(sortedJson(node)).digest('hex').slice(0, 32);
}


export async function readComment(api: NotionApi, commentId: string): Promise<Snapshot | null> {
  const comment = (await orNull(() => api.read((sdk) => sdk.comments.retrieve({ comment_id: commentId })))) as Loose | null;
  if (!comment) return null;
  return { rich_text: normalizeRichText(comment.rich_text), discussion_id: comment.discussion_id, parent: comment.parent, created_by: comment.created_by?.id ?? null };
}

export function readResource(api: NotionApi, resource: ResourceRef): Promise<Snapshot | null> {
  switch (resource.type) {
    case 'page':
      return readPage(api, resource.id);
    case 'block':
      return readBlock(api, resource.id);
    case 'children':
      return readChildren(api, resource.id);
    case 'comment':
      return readComment(api, resource.id);
    default:
      throw new TypeError(`notion adapter cannot read resources of type ${resource.type}`);
  }
}
