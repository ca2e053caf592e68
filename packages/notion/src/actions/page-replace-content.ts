// notion.page.replace_content: replace a page's whole content: the new blocks are appended (within
// Notion's append limits) and the old ones sent to the trash. Inverse, block by block: the old blocks
// come back from the trash (same ids, children and comments with them) and the new ones go, each only
// while it still holds what the agent left. An old block Notion no longer keeps (deleted for good from
// the trash) is rebuilt from its content, kept with the pre-state, under a new id (said in the residue).
import { z } from 'zod';
import { defineNotionAction } from './define-action.js';
import { nullWhenGone, type Json, type ResourceRef, type Snapshot } from '@backspace/core/adapter-kit';
import { appendTree, listChildren, trashBlocks } from '../block-tree.js';
import { childIds, withBlocks, withoutBlocks } from '../container-state.js';
import { restoreBlocks } from '../block-restore.js';
import type { RebuildEntry } from '../block-rebuild.js';
import { canonicalId, notionRef } from '../ids.js';
import { blockSignature, blockType } from '../content-signature.js';
import { stateAsSent } from '../state-as-sent.js';
import { isNotFound, lookupUnavailable, type NotionApi } from '../notion-api.js';
import { trashedBlocksUntold, trashedByThisIntegration, trashedLaterBlocks } from '../trashed-later.js';
import { CONTAINER_BLOCK_TYPES, type BlockNode } from '../normalize.js';
import { notionId } from '../schemas.js';
import { containerFields, pageVersion, REBUILD_FIELD, statesOf, VERSION_FIELD } from '../snapshots.js';

/** Notion's per-item limits, checked before anything is erased, so a refusal never leaves a half-written page. */
const textItem = z.looseObject({ text: z.looseObject({ content: z.string().max(2000) }).optional() });
export type ContentNode = { type?: string; children?: ContentNode[]; [key: string]: unknown };
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
const input = z.strictObject({
  page_id: notionId.describe('The id of the page whose whole content is replaced.'),
  children: z
    .array(contentNode)
    .max(1000)
    .describe('The page\'s new content in order, nesting allowed under children, e.g. [{"type":"heading_2","heading_2":{"rich_text":[{"text":{"content":"Plan"}}]}}]; [] empties the page.'),
});
type Input = z.infer<typeof input>;
type Loose = Record<string, any>;

export interface ReplaceContentResult {
  page_id: string;
  /** Top-level ids of the new content. */
  appended: string[];
  /** Top-level ids of the blocks sent to the trash. */
  replaced: string[];
  /** The new blocks' states as the adapter's snapshots describe them (content, and what is under them). */
  states: Record<string, string>;
  /**
   * The page's version the replacement left (see VERSION_FIELD), from its last write's answer: Notion
   * moves the page's last edit with a block's, so the last block appended or trashed carries it. Absent
   * when found again by the lookup, or when no write was answered.
   */
  version?: string;
}

export const pageReplaceContent = defineNotionAction({
  name: 'notion.page.replace_content',
  reversibility: 'reversible',
  description: "Replace a page's content; undone by taking the replaced blocks out of the trash (same ids, comments kept) and trashing the new ones",
  modelDescription:
    "Use this to rewrite a Notion page's whole body at once: every existing block goes to the trash and the blocks given take their place (properties and title stay). To add to a page use notion.block.append; to change one block use notion.block.update. It can be undone exactly if this session is rolled back: the old blocks come back from the trash with their ids and comments, and the new ones go.",
  input,
  // The page's content before (its children, the children of each that has some: one in the conformance
  // page, its comments), one append, and one trash per old top-level block (four): Notion trashes one
  // block a request.
  minimumRequests: 8,
  // The resource is the page's content (shared with appends to the page), not its properties.
  target: ({ page_id }) => notionRef('children', page_id),
  // The content before: the inverse's pre-state, the blocks to send to the trash, and what a lookup after
  // a lost response must not take for this attempt's blocks; with what each block holds, from the same
  // reads, so the inverse can rebuild one Notion no longer keeps (sealed with the rest of the pre-state
  // when the journal seals content).
  snapshot: ({ page_id }, { client }) => containerFields(client, page_id, { withContent: true }),
  // New content first, then the old goes to the trash: a refusal of the first append leaves the page as
  // it was. A lost append is found by the lookup, which core asks before anything is sent again.
  async execute({ page_id, children }, { client, pre }): Promise<ReplaceContentResult> {
    const nodes = toNodes(children);
    const before = pre ?? (await containerFields(client, page_id));
    const subpages = new Set((before?.subpages as string[] | undefined) ?? []);
    const current = childIds(before).filter((id) => !subpages.has(id));
    // Several requests: once one got through, a later failure leaves the outcome unknown, not failed.
    return client.tracked().run(async (api) => {
      const blocks = await appendTree(api, page_id, nodes);
      const appended = blocks.map((block) => canonicalId(block.id));
      const replaced = current.filter((id) => !appended.includes(id));
      const trashed = await trashBlocks(api, replaced);
      // A subtree too big for one request has its children appended after it, by the same integration in
      // the same minute as a rule: should the minute turn, the rollback reads the last editors once for
      // nothing, a request more, never a wrong undo.
      const version = pageVersion([...blocks, ...trashed].at(-1) ?? {});
      // Notion answers with the new top-level blocks only: what went in under them is read once, now.
      // A subtree too big for one request went in bare, its children after: the answer says it has none.
      const placed = blocks.map((block, index) => ({ ...block, has_children: block.has_children || Boolean((nodes[index]!.children as unknown[] | undefined)?.length) }));
      return { page_id: canonicalId(page_id), appended, replaced, states: await statesOf(api, placed, { fresh: true }), ...(version ? { version } : {}) };
    });
  },
  // Finds what this attempt wrote: blocks of this integration that were not there before it, and the
  // blocks it sent to the trash. Whatever part landed is reported (and undone by the inverse); only an
  // attempt that changed nothing is "not found", so a half-done replacement is never recorded as failed.
  // Only blocks with what this attempt sent count as its own, and those of its blocks another session
  // reworded since (see rewordedByAnotherSession): another session on the same integration may have
  // replaced the page since, and its blocks (and what it trashed) are its own. When none of this
  // attempt's blocks are there but the old ones are gone, who replaced them cannot be told: unsettled.
  async lookup({ page_id, children }, { client, idempotencyKey, pre, writtenByAnotherSince, laterResources, madeByAnother }): Promise<ReplaceContentResult | undefined> {
    if (!pre) throw lookupUnavailable('a content replacement', idempotencyKey);
    const subpages = new Set((pre.subpages as string[] | undefined) ?? []);
    const before = new Set(childIds(pre).filter((id) => !subpages.has(id)));
    const me = await client.me();
    const sent = new Set(children.map((node) => blockSignature(node)));
    const live = (await listChildren(client, page_id)).filter((block) => !CONTAINER_BLOCK_TYPES.has(block.type));
    const liveIds = new Set(live.map((block) => canonicalId(block.id)));
    const mine = live.filter((block) => !before.has(canonicalId(block.id)) && block.created_by?.id === me);
    const asSent = mine.filter((block) => sent.has(blockSignature(block)));
    const reworded = await rewordedByAnotherSession(mine, children, sent, writtenByAnotherSince);
    const added = mine.filter((block) => asSent.includes(block) || reworded.has(canonicalId(block.id)));
    const replaced: string[] = [];
    for (const id of [...before].filter((gone) => !liveIds.has(gone))) if (await trashedByThisAttempt(client, id, writtenByAnotherSince)) replaced.push(id);
    if (added.length === 0 && replaced.length === 0) {
      const trashed = await appendedThenTrashedByAnother(client, page_id, sent, before, laterResources, madeByAnother);
      return trashed.length === 0 ? undefined : { page_id: canonicalId(page_id), appended: trashed.map((block) => canonicalId(block.id)), replaced: [], states: await statesOf(client, trashed) };
    }
    if (added.length === 0 && children.length > 0) throw lookupUnavailable('a content replacement whose blocks are not on the page while the old ones are gone', idempotencyKey);
    // Fewer on the page than it sent: another session may have trashed some since (its journaled delete
    // names them). They are this attempt's too, or undoing that delete would bring them back unowned.
    const trashed = added.length < children.length ? (await appendedThenTrashedByAnother(client, page_id, sent, before, laterResources, madeByAnother)).slice(0, children.length - added.length) : [];
    // Each block as the replacement left it (see state-as-sent.ts): no comment on it yet, so a person's
    // comment since keeps the block, and one another session reworded since as the agent sent it (see
    // rewordedByAnotherSession).
    const states: Record<string, string> = {};
    const unpaired = children.filter((node) => ![...reworded.values()].includes(node));
    for (const block of added) {
      const id = canonicalId(block.id);
      const same = (node: Loose) => blockSignature(node) === blockSignature(block);
      const at = unpaired.findIndex(same);
      const node = reworded.get(id) ?? (at >= 0 ? unpaired.splice(at, 1)[0]! : children.find(same)!);
      states[id] = await stateAsSent(client, block, node, me);
    }
    return { page_id: canonicalId(page_id), appended: [...added, ...trashed].map((block) => canonicalId(block.id)), replaced, states: { ...states, ...(await statesOf(client, trashed)) } };
  },
  // The content as the replacement left it: the new blocks at the end, the replaced ones gone, and the
  // page's version from the answers (so an untouched page compares equal at no request more).
  post: (_input, { appended, replaced, states, version }, pre) => ({
    ...withoutBlocks(withBlocks(withoutContent(pre) ?? { contents: [] }, appended.map((id) => ({ block: { id }, state: states[id]! }))), replaced),
    ...(version ? { [VERSION_FIELD]: version } : {}),
  }),
  compensation: ({ input: { page_id }, result, pre, post }) =>
    // The content goes with the inverse's input, not twice: its pre-state compares digests only.
    restoreBlocks({ pre: withoutContent(pre), post }, {
      container: page_id,
      blockIds: [...(result?.appended ?? []), ...(result?.replaced ?? [])],
      rebuild: rebuildEntries(pre, result?.replaced ?? []),
      description: `bring back the ${result?.replaced.length ?? 0} replaced block(s) of page ${canonicalId(page_id)} from the trash and trash the ${result?.appended.length ?? 0} new one(s)`,
    }),
});

/**
 * This attempt's new blocks that another session on the same token reworded since (a journaled write on
 * the block, such as its notion.block.update), each with the block sent that it is. Such a block is still
 * the agent's creation: its state found late is the one the replacement left (see stateAsSent), so that in
 * an incident the other session's undo, run first, puts the agent's text back and the replacement's undo
 * then trashes the block; rolled back alone, the replacement's undo finds the other session's text and
 * keeps the block, named. Left out, the block stayed on the page with the report saying nothing. A block a
 * person reworded (no journaled write) is not taken: it is theirs. The replacement appends its blocks in
 * the order sent, so the attempt's blocks still as sent or reworded this way are the blocks sent, from
 * the first, one for one, each of the type sent; when they are not (another session's blocks between
 * them, say), which block is which cannot be told and none is taken this way.
 */
async function rewordedByAnotherSession(
  mine: readonly Loose[],
  children: readonly Loose[],
  sent: ReadonlySet<string>,
  writtenByAnotherSince: ((resource: ResourceRef) => Promise<boolean>) | undefined,
): Promise<Map<string, Loose>> {
  const pairs = new Map<string, Loose>();
  if (!writtenByAnotherSince) return pairs;
  const run: Loose[] = [];
  for (const block of mine) if (sent.has(blockSignature(block)) || (await writtenByAnotherSince(notionRef('block', canonicalId(block.id))))) run.push(block);
  if (run.length > children.length) return new Map();
  for (const [index, block] of run.entries()) {
    const node = children[index]!;
    if (block.type !== blockType(node)) return new Map();
    if (blockSignature(block) === blockSignature(node)) continue;
    if (sent.has(blockSignature(block))) return new Map();
    pairs.set(canonicalId(block.id), node);
  }
  return pairs;
}

/**
 * Whether an old block gone from the page may be one this attempt sent to the trash: in the trash with
 * this integration its last editor (a person's trash is theirs), and no other action of the journal,
 * another session on the same token, wrote on it since the attempt (its delete is its own).
 */
async function trashedByThisAttempt(client: NotionApi, blockId: string, writtenByAnotherSince: ((resource: ResourceRef) => Promise<boolean>) | undefined): Promise<boolean> {
  const block = await nullWhenGone(() => client.read((sdk) => sdk.blocks.retrieve({ block_id: blockId })), isNotFound);
  if (!block || !(await trashedByThisIntegration(client, block as Loose, 'block'))) return false;
  return !(await writtenByAnotherSince?.(notionRef('block', blockId)));
}

/**
 * Blocks this attempt appended that another session on the same integration trashed since, while the
 * old ones are all still there (the agent died between its append and its trash): gone from the page's
 * list, found by the ids the journal's later writes named, in the trash, made by this integration under
 * the page with what the attempt sent, and not another action's. Missed, the attempt read as never
 * landed, and undoing the other session's trash brought the agent's block back, unnamed. When a later
 * write put blocks on the page too, one of its blocks trashed since looks the same: none is taken, and
 * the outcome stays unknown, named (see trashedLaterBlocks).
 */
async function appendedThenTrashedByAnother(
  client: NotionApi,
  pageId: string,
  sent: ReadonlySet<string>,
  before: ReadonlySet<string>,
  laterResources: ((across?: 'session' | 'journal') => Promise<ResourceRef[]>) | undefined,
  madeByAnother: ((resource: ResourceRef) => Promise<boolean>) | undefined,
): Promise<Loose[]> {
  const { blocks, appendedThereLater } = await trashedLaterBlocks(client, laterResources, pageId, (id) => before.has(id));
  const found: Loose[] = [];
  for (const block of blocks) if (sent.has(blockSignature(block)) && !(await madeByAnother?.(notionRef('block', canonicalId(block.id))))) found.push(block);
  if (found.length > 0 && appendedThereLater) throw trashedBlocksUntold(found, pageId);
  return found;
}

function withoutContent(pre: Snapshot | null): Snapshot | null {
  if (!pre || !(REBUILD_FIELD in pre)) return pre;
  const { [REBUILD_FIELD]: _content, ...state } = pre;
  return state;
}

/** Each replaced block's journaled content and the block before it, in the order they stood. */
function rebuildEntries(pre: Snapshot | null, replaced: readonly string[]): RebuildEntry[] {
  const content = (pre?.[REBUILD_FIELD] ?? {}) as Record<string, BlockNode>;
  const order = childIds(pre);
  return order.flatMap((id, index) => (replaced.includes(id) && content[id] ? [{ id, after: order[index - 1] ?? null, node: content[id] }] : []));
}

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
