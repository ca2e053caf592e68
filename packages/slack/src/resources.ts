// Resource names: messages, reactions, pins, scheduled messages and channels, as the journal keys them.
import type { ResourceRef } from '@backspace/core';
import { canonicalEmojiName } from './emoji-names.js';

export type { SlackMessage } from './message-reader.js';

export const messageRef = (channel: string, ts: string): ResourceRef => ({ provider: 'slack', type: 'message', id: `${channel}/${ts}` });
/** A reaction is named as Slack lists it (`thumbsup` as `+1`): one reaction, whichever of its names an action gave. */
export const reactionRef = (channel: string, ts: string, name: string): ResourceRef => ({ provider: 'slack', type: 'reaction', id: `${channel}/${ts}/${canonicalEmojiName(name)}` });
export const pinRef = (channel: string, ts: string): ResourceRef => ({ provider: 'slack', type: 'pin', id: `${channel}/${ts}` });
export const channelRef = (channel: string): ResourceRef => ({ provider: 'slack', type: 'channel', id: channel });
/** Where Slack puts a scheduled message when its time comes: at its post time, in its thread if it has one. */
export interface PostedPlace {
  postAt?: number;
  threadTs?: string;
}

/**
 * The key is part of the name: once Slack posts it, only the key in its text finds the message. So
 * are its post time and thread (`Q123@1767603600@1767600000.000100`), where the posted message is
 * looked for; names from before they were added (`C/Q/key`) still read.
 */
export const scheduledRef = (channel: string, scheduledId: string, key: string, place: PostedPlace = {}): ResourceRef => {
  const where = [scheduledId, ...(place.postAt !== undefined ? [String(place.postAt)] : []), ...(place.threadTs ? [place.threadTs] : [])].join('@');
  return { provider: 'slack', type: 'scheduled_message', id: `${channel}/${where}/${key}` };
};

export function parseScheduledId(id: string): { channel: string; scheduledId: string; key: string; place: PostedPlace } {
  const [channel, where, key] = splitId(id, 3) as [string, string, string];
  const [scheduledId, postAt, threadTs] = where.split('@') as [string, string?, string?];
  return { channel, scheduledId, key, place: { ...(postAt ? { postAt: Number(postAt) } : {}), ...(threadTs ? { threadTs } : {}) } };
}

export function splitId(id: string, parts: number): string[] {
  const pieces = id.split('/');
  return [...pieces.slice(0, parts - 1), pieces.slice(parts - 1).join('/')];
}
