// The state an inverse leaves, from the state planning read (core gives it to the inverse as `pre`) and
// its writes' own answers, so a rollback step is verified without reading the container again: the
// same way an action's post-state is worked out from its pre-state and its answer.
import type { Json, Snapshot } from '@backspace/core';
import { formatBlockState, ownDigest, parseBlockState } from './block-state.js';
import { canonicalId, notionKey } from './ids.js';
import { withBlockState } from './container-state.js';
import { commentField, repliesField } from './snapshots.js';

type Loose = Record<string, any>;

/** A container without one comment: on the container itself, or on one of the integration's blocks in it. */
export function commentDeletedState(planned: Snapshot, commentId: string): Snapshot {
  // A field planning marked as changed by others is not one this step restores: it is left as read.
  const state = planned;
  const id = canonicalId(commentId);
  if (commentField(id) in state) {
    const { [commentField(id)]: _gone, [repliesField(id)]: _discussion, ...rest } = state;
    const contents = Array.isArray(state.contents) ? state.contents.filter((item) => item !== notionKey('comment', id)) : state.contents;
    return { ...rest, [commentField(id)]: null, [repliesField(id)]: null, ...(contents === undefined ? {} : { contents }) };
  }
  for (const [field, value] of Object.entries(state)) {
    if (!field.startsWith('block:') || typeof value !== 'string') continue;
    const parts = parseBlockState(value);
    if (!parts.comments.includes(id)) continue;
    const without = formatBlockState({ ...parts, comments: parts.comments.filter((comment) => comment !== id) });
    return Array.isArray(state.contents) ? withBlockState(state, field.slice('block:'.length), without) : { ...state, [field]: without };
  }
  return state;
}

/**
 * A block's field as a write's answer shows it: the state it was meant to get back when the answer holds
 * that content (what is under it and the comments on it come back with it from the trash, and an update
 * leaves them), otherwise what the answer says, which then fails the step's check.
 */
export function answeredBlockState(answer: Loose, meant: Json): Json {
  if (answer.in_trash ?? answer.archived) return null;
  const parts = parseBlockState(meant);
  const own = ownDigest(answer);
  if (own === parts.own && Boolean(answer.has_children) === (parts.subtree !== null)) return meant;
  return formatBlockState({ own, subtree: answer.has_children ? 'unread' : null, comments: [] });
}
