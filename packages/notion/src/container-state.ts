// The state a write leaves in a container, worked out from the state before it (the action's pre-state)
// and the write's own answer, with no read-back: blocks placed, a block's state changed, blocks gone, a
// comment added. Whatever someone else did in between is then not taken for the agent's work: at
// planning it shows as a change since the agent's write.
import type { Json, Snapshot } from '@backspace/core';
import { canonicalId, notionKey } from './ids.js';
import { HELD, parseBlockState } from './block-state.js';
import { blockField, blockItem, commentField, itemState, repliesField } from './snapshots.js';

type Loose = Record<string, any>;

/** A block and the state the snapshots give it. */
export interface PlacedBlock {
  block: Loose;
  state: string;
}

/** Where new blocks went among a container's children. */
export type Placement = { type: 'end' } | { type: 'start' } | { type: 'after_block'; after_block: { id: string } };

const itemsOf = (snapshot: Snapshot): string[] => ((snapshot.contents as string[] | undefined) ?? []).slice();
const isComment = (item: string) => item.startsWith('notion.comment:');
const itemIs = (item: string, id: string) => item === notionKey('page', id) || item.startsWith(`${notionKey('block', id)}@`);

/** The ids of the blocks and subpages a container's snapshot lists, in order. */
export function childIds(snapshot: Snapshot | null | undefined): string[] {
  return itemsOf(snapshot ?? {})
    .filter((item) => !isComment(item))
    .map((item) => item.slice(item.indexOf(':') + 1).split('@')[0]!);
}

/** The ids of the comments a container's snapshot lists (on it, and on the integration's blocks directly in it). */
export function commentIds(snapshot: Snapshot | null | undefined): string[] {
  const fields = snapshot ?? {};
  const own = itemsOf(fields).filter(isComment).map((item) => item.slice(item.indexOf(':') + 1));
  const onBlocks = Object.keys(fields).filter((field) => field.startsWith('block:')).flatMap((field) => {
    const value = fields[field];
    return typeof value === 'string' && value.includes(';') ? value.slice(value.indexOf(';') + 1).split(',') : [];
  });
  return [...own, ...onBlocks];
}

/** New blocks placed in the container as the append answered them. */
export function withBlocks(pre: Snapshot, placed: readonly PlacedBlock[], where: Placement = { type: 'end' }): Snapshot {
  const next: Snapshot = { ...pre };
  const items = itemsOf(pre);
  const firstComment = items.findIndex(isComment);
  let at = firstComment < 0 ? items.length : firstComment;
  if (where.type === 'start') at = 0;
  if (where.type === 'after_block') {
    const after = items.findIndex((item) => itemIs(item, canonicalId(where.after_block.id)));
    if (after >= 0) at = after + 1;
  }
  items.splice(at, 0, ...placed.map(({ block, state }) => blockItem(block, state)));
  for (const { block, state } of placed) next[blockField(block.id)] = state;
  next.contents = items;
  return next;
}

/**
 * One block's new state, in its place (a block, not a subpage: a subpage's item carries no state). An
 * item that says only that the block holds others (someone else's block, see heldState) keeps saying so.
 */
export function withBlockState(pre: Snapshot, blockId: string, state: string): Snapshot {
  const prefix = `${notionKey('block', blockId)}@`;
  const items = itemsOf(pre).map((item) => (item.startsWith(prefix) ? `${prefix}${parseBlockState(item.slice(prefix.length)).subtree === HELD ? itemState(state) : state}` : item));
  return { ...pre, [blockField(blockId)]: state, contents: items };
}

/** Blocks gone to the trash: no longer among the container's children. */
export function withoutBlocks(pre: Snapshot, blockIds: readonly string[]): Snapshot {
  const gone = blockIds.map(canonicalId);
  const next: Snapshot = { ...pre, contents: itemsOf(pre).filter((item) => !gone.some((id) => itemIs(item, id))) };
  for (const id of gone) delete next[blockField(id)];
  return next;
}

/** The integration's comment on the container itself, listed after those already there: a discussion it opened, nobody replied yet. */
export function withComment(pre: Snapshot, commentId: string, state: Json): Snapshot {
  return { ...pre, [commentField(commentId)]: state, [repliesField(commentId)]: [], contents: [...itemsOf(pre), notionKey('comment', commentId)] };
}
