// Whether a message already holds the content a write asked for (the trace an earlier attempt leaves).
import { isDeepStrictEqual } from 'node:util';
import { withoutMarker } from '../marker.js';
import type { SlackMessage } from '../resources.js';

export function sameContent(message: SlackMessage, wanted: { text?: string; blocks?: unknown[]; attachments?: unknown[] }): boolean {
  // A key hidden in the text (kept through edits) is not content.
  if (wanted.text !== undefined && withoutMarker(message.text ?? '') !== wanted.text) return false;
  if (wanted.blocks !== undefined && !isDeepStrictEqual(message.blocks ?? [], wanted.blocks)) return false;
  const attachments = (message.attachments ?? []).map(({ id: _id, ...attachment }) => attachment);
  return wanted.attachments === undefined || isDeepStrictEqual(attachments, wanted.attachments);
}
