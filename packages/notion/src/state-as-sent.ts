// A block found late (its write's answer lost, settled when the rollback is planned) in the state the
// write left it in, as a read right after the write would have given it, though others may have touched
// it since. Whatever differs from that state now (a person's comment, rewording, block under it) keeps the
// block at the rollback, named; what a journaled action did since (another session's rewording, the
// session's own comment) is undone first and gives that state back, so the block goes with the rest.
import type { Json } from '@backspace/core/adapter-kit';
import { contentSignature } from './content-signature.js';
import type { NotionApi } from './notion-api.js';
import { toBlockNode, type BlockNode } from './normalize.js';
import { blockParts, stateOf } from './snapshots.js';

type Loose = Record<string, any>;

/** The state of a found block whose state as written cannot be told: never equal to a block's state as read. */
export const NOT_AS_WRITTEN = 'changed-since-the-write';

/**
 * `block`'s state as the write that sent `sent` left it: no comment on it or under it (none could be there
 * yet), what is under it as read now, and its own content as read now when it still holds what was sent,
 * else the content sent in Notion's answered form. NOT_AS_WRITTEN when what is under it no longer holds
 * what was sent, or the text sent is not plain text whose answered form is known.
 */
export async function stateAsSent(client: NotionApi, block: Loose, sent: Loose, me: string): Promise<string> {
  const parts = await blockParts(client, block, me);
  return asSent(block, parts.nodes && withoutComments(parts.nodes), sent) ?? NOT_AS_WRITTEN;
}

/**
 * The state from `nodes` (what is under the block, comments left out): its own content as read when it
 * still holds what was sent, else the content sent put in Notion's answered form (over what it holds now,
 * for what the write left to Notion's defaults). Undefined when it cannot be told.
 */
function asSent(block: Loose, nodes: BlockNode[] | null, sent: Loose): string | undefined {
  const holds = (candidate: Loose) => contentSignature([toBlockNode(candidate, nodes ?? undefined)]) === contentSignature([sent]);
  if (holds(block)) return stateOf(block, { nodes, comments: [] });
  const type = block.type as string;
  const content: Loose = { ...(block[type] ?? {}) };
  for (const [key, value] of Object.entries((sent[type] ?? {}) as Loose)) {
    if (key === 'children') continue;
    const text = key === 'rich_text' || key === 'caption' ? answeredText(value) : value;
    if (text === undefined) return undefined;
    content[key] = text;
  }
  const written = { ...block, [type]: content };
  return holds(written) ? stateOf(written, { nodes, comments: [] }) : undefined;
}

const PLAIN = { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' };

/** Rich text as sent, in the form Notion answers it (every annotation given); undefined for anything but text items. */
function answeredText(items: unknown): Loose[] | undefined {
  if (!Array.isArray(items) || items.some((item) => (item?.type ?? 'text') !== 'text' || typeof item?.text?.content !== 'string')) return undefined;
  return items.map((item: Loose) => ({ type: 'text', text: { content: item.text.content, link: item.text.link ?? null }, annotations: { ...PLAIN, ...item.annotations } }));
}

/** Block nodes as read, without the comments read on them. */
function withoutComments(nodes: readonly BlockNode[]): BlockNode[] {
  return nodes.map(({ comments: _comments, ...node }) => (Array.isArray(node.children) ? { ...node, children: withoutComments(node.children as unknown as BlockNode[]) as unknown as Json } : node) as BlockNode);
}
