// Whether a message already holds the content a write asked for (the trace an earlier attempt leaves).
import { isDeepStrictEqual } from 'node:util';
import type { SlackMessage } from '../resources.js';

export function sameContent(message: SlackMessage, wanted: { text?: string; blocks?: unknown[]; attachments?: unknown[] }): boolean {
  if (wanted.text !== undefined && message.text !== wanted.text) return false;
  if (wanted.blocks !== undefined && !isDeepStrictEqual(message.blocks ?? [], wanted.blocks)) return false;
  const attachments = (message.attachments ?? []).map(({ id: _id, ...attachment }) => attachment);
  return wanted.attachments === undefined || isDeepStrictEqual(attachments, wanted.attachments);
}
