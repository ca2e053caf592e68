// A page's block tree: read in full (every page of children, recursively) and appended within Notion's
// limits (100 blocks per array, two levels of nesting and 1000 blocks per request).
import type { BlockObjectRequest } from '@notionhq/client';
import { doneWhenGone } from '@backspace/core/adapter-kit';
import { isAlreadyDeleted, type NotionApi } from './notion-api.js';
import { CONTAINER_BLOCK_TYPES, toBlockNode, type BlockNode } from './normalize.js';
import type { Placement } from './container-state.js';

type Loose = Record<string, any>;

export const MAX_CHILDREN_PER_REQUEST = 100;
const MAX_BLOCKS_PER_REQUEST = 1000;
/** A subtree of height 3 (block, children, grandchildren) is as deep as one append may nest. */
const MAX_INLINE_HEIGHT = 3;

/** Every live child of a page or block, across pages of 100. */
export async function listChildren(api: NotionApi, blockId: string): Promise<Loose[]> {
  const children: Loose[] = [];
  let cursor: string | undefined;
  do {
    const page = await api.read((sdk) => sdk.blocks.children.list({ block_id: blockId, page_size: 100, ...(cursor ? { start_cursor: cursor } : {}) }));
    children.push(...(page.results as Loose[]));
    cursor = page.has_more ? (page.next_cursor ?? undefined) : undefined;
  } while (cursor);
  return children;
}

/** The content under a page or block as request-form nodes, subpages left out. */
export async function readTree(api: NotionApi, blockId: string): Promise<BlockNode[]> {
  const children = await listChildren(api, blockId);
  const nodes: BlockNode[] = [];
  for (const child of children) {
    if (CONTAINER_BLOCK_TYPES.has(child.type)) continue;
    nodes.push(toBlockNode(child, child.has_children ? await readTree(api, child.id) : undefined));
  }
  return nodes;
}

export function countBlocks(nodes: readonly BlockNode[]): number {
  return nodes.reduce((sum, node) => sum + 1 + countBlocks(childrenOf(node)), 0);
}

function childrenOf(node: BlockNode): BlockNode[] {
  return (node.children as unknown as BlockNode[] | undefined) ?? [];
}

function height(node: BlockNode): number {
  const children = childrenOf(node);
  return 1 + (children.length ? Math.max(...children.map(height)) : 0);
}

function fitsInline(node: BlockNode): boolean {
  const children = childrenOf(node);
  return children.length <= MAX_CHILDREN_PER_REQUEST && children.every(fitsInline);
}

/** The node as an append request: with its whole subtree, or bare when that subtree goes in later requests. */
function toRequest(node: BlockNode, inline: boolean): Loose {
  const { type, children: _children } = node;
  const content = { ...(node[type] as Loose) };
  if (inline && childrenOf(node).length > 0) content.children = childrenOf(node).map((child) => toRequest(child, true));
  return { type, [type]: content };
}

/**
 * Appends `nodes` under `parentId` in as few requests as the limits allow, at the end or where `place`
 * says (the blocks stay together: a later request goes after the last block placed); a subtree too deep
 * or too wide for one request goes in bare and its children follow under the new block's id. Returns the
 * top-level blocks created, in order, as Notion answered them.
 */
export async function appendTree(api: NotionApi, parentId: string, nodes: readonly BlockNode[], place: Placement = { type: 'end' }): Promise<Loose[]> {
  const created: Loose[] = [];
  let start = 0;
  while (start < nodes.length) {
    const batch: { node: BlockNode; inline: boolean }[] = [];
    let blocks = 0;
    while (start + batch.length < nodes.length && batch.length < MAX_CHILDREN_PER_REQUEST) {
      const node = nodes[start + batch.length]!;
      const subtree = 1 + countBlocks(childrenOf(node));
      const inline = height(node) <= MAX_INLINE_HEIGHT && fitsInline(node) && subtree <= MAX_BLOCKS_PER_REQUEST;
      const size = inline ? subtree : 1;
      if (batch.length > 0 && blocks + size > MAX_BLOCKS_PER_REQUEST) break;
      batch.push({ node, inline });
      blocks += size;
    }
    const position = created.length > 0 && place.type !== 'end' ? { type: 'after_block' as const, after_block: { id: created[created.length - 1]!.id as string } } : place;
    const children = batch.map(({ node, inline }) => toRequest(node, inline)) as BlockObjectRequest[];
    const response = await api.write((sdk) => sdk.blocks.children.append({ block_id: parentId, children, ...(position.type === 'end' ? {} : { position }) }));
    const answered = response.results as Loose[];
    created.push(...answered);
    for (const [index, { node, inline }] of batch.entries()) {
      if (!inline && childrenOf(node).length > 0) await appendTree(api, answered[index]!.id as string, childrenOf(node));
    }
    start += batch.length;
  }
  return created;
}

/**
 * Sends these blocks to the trash (their children go with them); one already there counts as done.
 * Answers with Notion's answers, the trashed blocks (none for one already there).
 */
export async function trashBlocks(api: NotionApi, ids: readonly string[]): Promise<Loose[]> {
  const trashed: Loose[] = [];
  for (const id of ids) {
    // Already in the trash (an earlier, interrupted run got there first): that is the goal.
    await doneWhenGone(async () => trashed.push((await api.write((sdk) => sdk.blocks.delete({ block_id: id }))) as Loose), isAlreadyDeleted);
  }
  return trashed;
}
