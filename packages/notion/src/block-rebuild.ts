// The fallback of a content restore: blocks Notion no longer keeps (deleted for good from the trash by a
// person, or past its 30 days) are rebuilt from the content journaled with the action, each after the
// block that stood before it. What cannot come back exactly is said in the residue: a rebuilt block has
// a new id and none of the comments that were on it, and what Notion's API cannot create is not rebuilt.
import type { CompensationReport, Json } from '@backspace/core';
import { ProviderError } from '@backspace/core';
import { appendTree, listChildren } from './block-tree.js';
import { digest, formatBlockState, ownDigest, parseBlockState } from './block-state.js';
import type { Placement } from './container-state.js';
import { canonicalId, notionKey } from './ids.js';
import type { NotionApi } from './notion-api.js';
import type { BlockNode } from './normalize.js';
import { blockField, blockItem } from './snapshots.js';

/** A replaced block as journaled: its content with what was under it, and the block it came after (null: first). */
export interface RebuildEntry {
  id: string;
  after: string | null;
  node: BlockNode;
}

export interface LostBlocks {
  container: string;
  /** The fields the engine restores, each with the value it expects back (the staged expectation). */
  values: Record<string, Json>;
  /** Every replaced block's content, in the order the blocks stood. */
  rebuild: readonly RebuildEntry[];
  /** The blocks Notion answered object_not_found for when asked to bring them back. */
  lost: readonly string[];
}

/** Types Notion's API cannot create: read-only ones, and what it answers as `unsupported`. */
const NOT_CREATABLE = new Set(['unsupported', 'link_preview', 'child_page', 'child_database', 'template', 'transcription', 'meeting_notes', 'ai_block']);
const MEDIA = new Set(['image', 'file', 'pdf', 'video', 'audio']);

type Loose = Record<string, any>;

/**
 * Rebuilds the lost blocks in the order they stood, and gives the state to verify instead of the staged
 * one: each lost block absent, its copy holding the journaled content in its place, and the residue
 * saying so. It names no observed state: the engine reads the container to check the copies. The
 * container's children are read first (one list, this fallback only), so a rerun of the step (a retry
 * after a lost answer, or a rollback after a crash) takes the copy it finds in place instead of
 * appending a second one.
 */
export async function rebuildLost(api: NotionApi, lost: LostBlocks): Promise<CompensationReport> {
  const expected: Record<string, Json> = { ...lost.values };
  const contents = Array.isArray(lost.values.contents) ? [...(lost.values.contents as string[])] : undefined;
  const byId = new Map(lost.rebuild.map((entry) => [entry.id, entry]));
  const gone = new Set(lost.lost);
  const children = new Children(await listChildren(api, lost.container), await api.me(), new Set([...byId.keys(), ...Object.keys(lost.values).filter((field) => field.startsWith('block:')).map((field) => field.slice('block:'.length))]));
  const copies = new Map<string, string>();
  const residue: string[] = [];
  for (const entry of lost.rebuild.filter(({ id }) => gone.has(id))) {
    expected[blockField(entry.id)] = null;
    const onIt = parseBlockState(lost.values[blockField(entry.id)]).comments.length;
    const built = buildable(entry.node, copies, gone);
    let copy: { id: string; state: string } | undefined;
    let refused: string | undefined;
    if (built.node) {
      const state = rebuiltState(built.node);
      const place = placeAfter(entry, byId, copies, children);
      try {
        const found = children.copyAt(place, built.node);
        const id = found ?? canonicalId((await appendTree(api, lost.container, [built.node], place))[0]!.id as string);
        if (!found) children.insert(place, id);
        copy = { id, state };
      } catch (error) {
        // Notion refused this block's content (a validation error): the others are still rebuilt.
        if (!(error instanceof ProviderError) || error.providerCode !== 'validation_error') throw error;
        refused = error.message;
      }
    }
    const item = contents?.findIndex((entryItem) => entryItem.startsWith(`${notionKey('block', entry.id)}@`)) ?? -1;
    if (copy) {
      copies.set(entry.id, copy.id);
      expected[blockField(copy.id)] = copy.state;
      if (contents && item >= 0) contents[item] = blockItem({ id: copy.id, type: entry.node.type }, copy.state);
      const comments = onIt + built.comments;
      const left = built.dropped.length > 0 ? `; not rebuilt under it: ${built.dropped.join('; ')}` : '';
      residue.push(`block ${entry.id} was deleted for good (no longer in Notion's trash): rebuilt from the journal as block ${copy.id}, ${comments > 0 ? `without the ${comments} comment(s) that were on it and under it` : 'without any comments that were on it'}${left}`);
    } else {
      if (contents && item >= 0) contents.splice(item, 1);
      residue.push(`block ${entry.id} was deleted for good (no longer in Notion's trash) and is not rebuilt: ${refused ? `Notion refused its content (${refused})` : built.dropped[0]}`);
    }
  }
  if (contents) expected.contents = contents;
  return { residue, expect: { fields: expected } };
}

/**
 * The node as an append can send it: comments taken off (they are not content), what Notion's API cannot
 * create left out (said in `dropped`), a synced copy pointed at its original's copy when that was rebuilt.
 */
function buildable(node: BlockNode, copies: ReadonlyMap<string, string>, gone: ReadonlySet<string>): { node: BlockNode | null; dropped: string[]; comments: number } {
  const { children, comments, ...own } = node as Loose;
  const commentCount = Array.isArray(comments) ? comments.length : 0;
  const why = uncreatable(own as BlockNode, gone, copies);
  if (why) return { node: null, dropped: [why], comments: commentCount + countComments((children as BlockNode[] | undefined) ?? []) };
  const content = { ...(own[own.type] as Loose) };
  const original = content.synced_from?.block_id as string | undefined;
  if (original && copies.has(original)) content.synced_from = { type: 'block_id', block_id: copies.get(original)! };
  const kept: BlockNode[] = [];
  const dropped: string[] = [];
  let count = commentCount;
  for (const child of (children as BlockNode[] | undefined) ?? []) {
    const built = buildable(child, copies, gone);
    if (built.node) kept.push(built.node);
    dropped.push(...built.dropped);
    count += built.comments;
  }
  const rebuilt: BlockNode = { type: own.type, [own.type]: content as Json };
  if (kept.length > 0) rebuilt.children = kept as unknown as Json;
  return { node: rebuilt, dropped, comments: count };
}

function uncreatable(node: BlockNode, gone: ReadonlySet<string>, copies: ReadonlyMap<string, string>): string | undefined {
  const content = (node[node.type] ?? {}) as Loose;
  if (NOT_CREATABLE.has(node.type)) return `a ${node.type} block, which Notion's API cannot create`;
  if (MEDIA.has(node.type) && content.type === 'file') return `an uploaded ${node.type} (its file was Notion's and went with the block; the API takes files only by upload or external url)`;
  const original = content.synced_from?.block_id as string | undefined;
  if (original && gone.has(original) && !copies.has(original)) return 'a copy of a synced block whose original is gone for good';
  return undefined;
}

function countComments(nodes: readonly BlockNode[]): number {
  return nodes.reduce((sum, node) => sum + (Array.isArray(node.comments) ? node.comments.length : 0) + countComments((node.children as unknown as BlockNode[] | undefined) ?? []), 0);
}

/** The state a read gives the copy: its own content, what was rebuilt under it, and no comments. */
function rebuiltState(node: BlockNode): string {
  const { children, ...own } = node;
  const under = (children as unknown as BlockNode[] | undefined) ?? [];
  return formatBlockState({ own: digest(own), subtree: under.length > 0 ? digest(under) : null, comments: [] });
}

/** After the nearest block before it that is there now (or its copy); first when none is. */
function placeAfter(entry: RebuildEntry, byId: ReadonlyMap<string, RebuildEntry>, copies: ReadonlyMap<string, string>, children: Children): Placement {
  for (let after = entry.after; after; after = byId.get(after)?.after ?? null) {
    const id = copies.get(after) ?? (children.has(after) ? after : undefined);
    if (id) return { type: 'after_block', after_block: { id } };
  }
  return { type: 'start' };
}

/** The container's live children, in order, as read before rebuilding and kept up to date with each copy. */
class Children {
  private readonly order: string[];
  private readonly blocks: Map<string, Loose>;

  constructor(listed: readonly Loose[], private readonly me: string, private readonly known: ReadonlySet<string>) {
    this.order = listed.map((block) => canonicalId(block.id as string));
    this.blocks = new Map(listed.map((block) => [canonicalId(block.id as string), block]));
  }

  has(id: string): boolean {
    return this.blocks.has(id);
  }

  private indexAt(place: Placement): number {
    return place.type === 'after_block' ? this.order.indexOf(place.after_block.id) + 1 : 0;
  }

  /**
   * The copy an earlier run of this step made: the block where the copy goes, written by this
   * integration, holding the copy's own content, and none of the blocks this step restores or removes.
   */
  copyAt(place: Placement, node: BlockNode): string | undefined {
    const id = this.order[this.indexAt(place)];
    const block = id === undefined ? undefined : this.blocks.get(id);
    if (!block || this.known.has(id!) || block.created_by?.id !== this.me) return undefined;
    const { children: _children, ...own } = node;
    return ownDigest(block) === digest(own) ? id : undefined;
  }

  insert(place: Placement, id: string): void {
    this.order.splice(this.indexAt(place), 0, id);
    this.blocks.set(id, { id });
  }
}
