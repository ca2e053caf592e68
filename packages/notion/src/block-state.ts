// One block's state as a container's snapshot holds it (`block:<id>`, and its `contents` item), in three
// parts kept apart so an action can tell the state its write leaves from the write's answer, without
// reading the block again: a digest of its own content, one of its subtree (the blocks under it, their
// content, and the comments on those this integration wrote), and the ids of the comments on the block
// itself when this integration wrote it. Comments are tracked on the integration's blocks because those
// are the blocks an inverse may send to the trash (an append's, a replacement's, a page create's).
import { createHash } from 'node:crypto';
import type { Json } from '@backspace/core';
import { sortedJson, toBlockNode } from './normalize.js';

type Loose = Record<string, any>;

export interface BlockState {
  own: string;
  /** Digest of the blocks under it; null when it has none. */
  subtree: string | null;
  /** Ids of the comments on the block itself, sorted (only on blocks this integration wrote). */
  comments: string[];
}

/** A `subtree` part that says a block holds others without saying what they are (see snapshots.ts heldState). */
export const HELD = 'held';

export function digest(value: unknown): string {
  return createHash('sha256').update(sortedJson(value)).digest('hex').slice(0, 32);
}

/** The digest of a block's own content (its type and content in request form; no children, ids or times). */
export function ownDigest(block: Loose): string {
  return digest(toBlockNode(block));
}

/** `<own>[/<subtree>][;<comment id>,...]`: the value of `block:<id>`, and what its `contents` item carries after `@`. */
export function formatBlockState({ own, subtree, comments }: BlockState): string {
  return `${own}${subtree ? `/${subtree}` : ''}${comments.length > 0 ? `;${[...comments].sort().join(',')}` : ''}`;
}

export function parseBlockState(value: Json | undefined): BlockState {
  const text = typeof value === 'string' ? value : '';
  const [head = '', commentList] = text.split(';');
  const [own = '', subtree] = head.split('/');
  return { own, subtree: subtree ?? null, comments: commentList ? commentList.split(',') : [] };
}
