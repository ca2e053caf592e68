// notion.page.replace_content: replace a page's whole content. The pre-state is the page's full block
// tree (every page of children, recursively); the inverse rebuilds it within Notion's append limits.
// Compensatable: the rebuilt blocks have new ids, and comments on the replaced blocks are lost.
import { z } from 'zod';
import { defineAction, type Json } from '@backspace/core';
import { appendTree, contentBlockIds, listChildren, readTree, trashBlocks } from '../block-tree.js';
import { contentSignature } from '../content-signature.js';
import type { NotionApi } from '../notion-api.js';
import { CONTAINER_BLOCK_TYPES, toBlockNode, type BlockNode } from '../normalize.js';
import { notionId } from '../schemas.js';
import { readChildren } from '../snapshots.js';

/** Notion's per-item limits, checked before anything is erased, so a refusal never leaves a half-written page. */
const textItem = z.looseObject({ text: z.looseObject({ content: z.string().max(2000) }).optional() });
type ContentNode = { type?: string; children?: ContentNode[]; [key: string]: unknown };
const contentNode: z.ZodType<ContentNode> = z.lazy(() =>
  z
    .looseObject({ type: z.string().optional(), children: z.array(contentNode).optional() })
    .refine((node) => Object.entries(node).some(([key, value]) => key !== 'type' && key !== 'children' && !!value && typeof value === 'object' && !Array.isArray(value)), {
      message: 'a block needs its type content, e.g. { paragraph: { rich_text: [...] } }',
    })
    .refine((node) => Object.values(node).every((value) => !value || typeof value !== 'object' || !Array.isArray((value as { rich_text?: unknown }).rich_text) || z.array(textItem).max(100).safeParse((value as { rich_text: unknown }).rich_text).success), {
      message: 'rich_text holds at most 100 items of at most 2000 characters each',
    }),
);
const input = z.strictObject({ page_id: notionId, children: z.array(contentNode).max(1000) });
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export interface ReplaceContentResult {
  page_id: string;
  /** Top-level ids of the new content. */
  appended: string[];
  /** Top-level ids of the blocks sent to the trash. */
  replaced: string[];
}

export const pageReplaceContent = defineAction<Input, ReplaceContentResult, NotionApi>({
  name: 'notion.page.replace_content',
  reversibility: 'compensatable',
  description: "Replace a page's content; undone by rebuilding the previous block tree (new block ids; comments on old blocks are lost)",
  input,
  // The resource is the page's content (shared with appends to the page), not its properties.
  target: ({ page_id }) => ({ provider: 'notion', type: 'children', id: page_id }),
  snapshot: ({ page_id }, { client }) => readChildren(client, page_id),
  // New content first, then the old goes to the trash: a refusal of the first append leaves the page as
  // it was. A retry after a lost append finds the new content already at the end and only trashes the rest.
  async execute({ page_id, children }, { client }) {
    const nodes = toNodes(children);
    const current = (await listChildren(client, page_id)).filter((block) => !CONTAINER_BLOCK_TYPES.has(block.type));
    const tail = await ownTailMatching(client, current, nodes);
    const appended = tail ?? (await appendTree(client, page_id, nodes));
    const replaced = current.map((block) => block.id as string).filter((id) => !appended.includes(id));
    await trashBlocks(client, replaced);
    return { page_id, appended, replaced };
  },
  // Replacing is convergent; a lost response is settled when the page already holds exactly the new content.
  async lookup({ page_id, children }, { client }) {
    const current = await readTree(client, page_id);
    if (contentSignature(current) !== contentSignature(children)) return undefined;
    return { page_id, appended: await contentBlockIds(client, page_id), replaced: [] };
  },
  resource: ({ page_id }) => ({ provider: 'notion', type: 'children', id: page_id }),
  compensation: ({ input: { page_id }, resource, pre, post }) => ({
    operation: 'notion.page.restore-content',
    resource,
    input: { page_id, content: (pre?.content ?? []) as Json },
    // Only while the content is still what the agent left: a human's later edits to it are not erased.
    strategy: 'guarded',
    fields: ['content'],
    pre,
    post,
    expect: { fields: { content: (pre?.content ?? []) as Json } },
    residue: `page ${page_id}: content rebuilt with new block ids; comments on the replaced blocks are lost`,
    description: `rebuild the previous content of page ${page_id} (${countTop(pre?.content)} top-level blocks)`,
  }),
});

/** Request blocks as tree nodes: `children` lifted out of the type content to the node. */
export function toNodes(children: readonly Loose[]): BlockNode[] {
  return children.map((child) => {
    const type = (child.type as string | undefined) ?? Object.keys(child).find((key) => key !== 'object' && key !== 'children' && typeof child[key] === 'object')!;
    const { children: inner, ...content } = (child[type] ?? {}) as Loose;
    const nested = (child.children as Loose[] | undefined) ?? (inner as Loose[] | undefined) ?? [];
    const node: BlockNode = { type, [type]: content as Json };
    if (nested.length > 0) node.children = toNodes(nested) as unknown as Json;
    return node;
  });
}

/** Ids of the page's last blocks when they are this integration's and hold exactly `nodes`. */
async function ownTailMatching(client: NotionApi, current: Loose[], nodes: BlockNode[]): Promise<string[] | undefined> {
  if (nodes.length === 0 || current.length < nodes.length) return undefined;
  const me = await client.me();
  const tail = current.slice(-nodes.length);
  if (!tail.every((block, index) => block.created_by?.id === me && block.type === nodes[index]!.type)) return undefined;
  const tree = [];
  for (const block of tail) tree.push(toBlockNode(block, block.has_children ? await readTree(client, block.id) : undefined));
  return contentSignature(tree) === contentSignature(nodes) ? tail.map((block) => block.id as string) : undefined;
}

function countTop(content: unknown): number {
  return Array.isArray(content) ? content.length : 0;
}
