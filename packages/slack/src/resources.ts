// Resource names and readers: messages, reactions, pins, scheduled messages and channels as snapshots.
import { resourceKey, type Json, type ResourceRef, type Snapshot } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import { CORRECTION_EVENT, keyInText, withoutMarker } from './marker.js';
import { isSlackError, slackCall } from './slack-errors.js';

export type SlackMessage = {
  ts?: string;
  text?: string;
  user?: string;
  subtype?: string;
  blocks?: unknown[];
  attachments?: Record<string, unknown>[];
  metadata?: unknown;
  reply_count?: number;
  reply_users?: string[];
  reactions?: { name?: string; users?: string[] }[];
  thread_ts?: string;
};

export const messageRef = (channel: string, ts: string): ResourceRef => ({ provider: 'slack', type: 'message', id: `${channel}/${ts}` });
export const reactionRef = (channel: string, ts: string, name: string): ResourceRef => ({ provider: 'slack', type: 'reaction', id: `${channel}/${ts}/${name}` });
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

/** A live message by channel and ts, top-level or in a thread; undefined when gone or deleted. */
export async function fetchMessage(connection: SlackConnection, channel: string, ts: string): Promise<SlackMessage | undefined> {
  try {
    const history = await slackCall('conversations.history', false, () => connection.web.conversations.history({ channel, latest: ts, oldest: ts, inclusive: true, limit: 1, include_all_metadata: true }));
    let found = (history.messages as SlackMessage[] | undefined)?.find((message) => message.ts === ts);
    if (!found) {
      const thread = await slackCall('conversations.replies', false, () => connection.web.conversations.replies({ channel, ts, include_all_metadata: true }));
      found = (thread.messages as SlackMessage[] | undefined)?.find((message) => message.ts === ts);
    }
    return found && found.subtype !== 'tombstone' ? found : undefined;
  } catch (error) {
    if (isSlackError(error, 'channel_not_found', 'thread_not_found', 'message_not_found')) return undefined;
    throw error;
  }
}

export async function threadReplies(connection: SlackConnection, channel: string, ts: string): Promise<SlackMessage[]> {
  const thread = await slackCall('conversations.replies', false, () => connection.web.conversations.replies({ channel, ts, include_all_metadata: true }));
  return ((thread.messages as SlackMessage[] | undefined) ?? []).filter((message) => message.ts !== ts);
}

/** The fields a rollback compares on a message. Reactions are split by who made them. */
export async function messageSnapshot(connection: SlackConnection, channel: string, message: SlackMessage): Promise<Snapshot> {
  const bot = await connection.botUserId();
  const reactions = message.reactions ?? [];
  const byOthers = reactions.flatMap((reaction) => (reaction.users ?? []).filter((user) => user !== bot).map((user) => `${reaction.name}:${user}`)).sort();
  const replies = (message.reply_count ?? 0) > 0 && message.thread_ts === message.ts ? await threadReplies(connection, channel, message.ts!) : [];
  const text = message.text ?? '';
  const correctedByReply = replies.some((reply) => (reply.metadata as { event_type?: string } | undefined)?.event_type === CORRECTION_EVENT);
  return {
    user: message.user ?? null,
    text: withoutMarker(text),
    blocks: (message.blocks ?? []) as Json,
    attachments: (message.attachments ?? []).map(({ id: _id, ...attachment }) => attachment) as Json,
    metadata: (message.metadata ?? null) as Json,
    reply_count: replies.length,
    // What sits under the message, as the replies' own resource names (a guarded delete's contents).
    replies: replies.map((reply) => resourceKey(messageRef(channel, reply.ts!))),
    reply_users: [...new Set(replies.map((reply) => reply.user ?? ''))].sort(),
    reactions_by_others: byOthers,
    corrected: withoutMarker(text) === connection.correction.text || correctedByReply,
    ...(keyInText(text) ? { key: keyInText(text)! } : {}),
  };
}

export async function readMessage(connection: SlackConnection, channel: string, ts: string): Promise<Snapshot | null> {
  const message = await fetchMessage(connection, channel, ts);
  return message ? messageSnapshot(connection, channel, message) : null;
}

export async function readReaction(connection: SlackConnection, channel: string, ts: string, name: string): Promise<Snapshot | null> {
  const message = await fetchMessage(connection, channel, ts);
  if (!message) return null;
  const bot = await connection.botUserId();
  const users = message.reactions?.find((reaction) => reaction.name === name)?.users ?? [];
  return { reacted: users.includes(bot), others: users.filter((user) => user !== bot) };
}

/** Who pinned it matters: a pin a person made after the agent's is theirs, and rollback keeps it. */
export async function readPin(connection: SlackConnection, channel: string, ts: string): Promise<Snapshot | null> {
  if (!(await fetchMessage(connection, channel, ts))) return null;
  const listed = await slackCall('pins.list', false, () => connection.web.pins.list({ channel }));
  const pin = (listed.items as { message?: { ts?: string }; created_by?: string }[] | undefined)?.find((item) => item.message?.ts === ts);
  return { pinned: pin !== undefined, pinned_by: pin?.created_by ?? null };
}

export async function readChannel(connection: SlackConnection, channel: string): Promise<Snapshot | null> {
  try {
    const info = await slackCall('conversations.info', false, () => connection.web.conversations.info({ channel }));
    const history = await slackCall('conversations.history', false, () => connection.web.conversations.history({ channel, limit: 200 }));
    const bot = await connection.botUserId();
    const conversation = info.channel!;
    return {
      name: conversation.name ?? '',
      is_private: conversation.is_private ?? false,
      is_archived: conversation.is_archived ?? false,
      topic: conversation.topic?.value ?? '',
      messages_by_others: (history.messages ?? []).filter((message) => message.user !== bot).length,
    };
  } catch (error) {
    if (isSlackError(error, 'channel_not_found')) return null;
    throw error;
  }
}

/** How far around its post time a posted scheduled message is looked for (Slack may post it a little late). */
const POSTED_EARLY_S = 60;
const POSTED_LATE_S = 3600;
const PAGE = 200;

const carries = (key: string) => (message: SlackMessage) => message.subtype !== 'tombstone' && keyInText(message.text) === key;

/**
 * The message Slack posted from a scheduled one, found by the key hidden in its text: among the
 * replies of its thread, then in the channel's history around its post time, every page of it (not
 * only the latest messages). Without a post time (a name from before it was kept), the latest page.
 */
export async function findPostedByMarker(connection: SlackConnection, channel: string, key: string, place: PostedPlace = {}): Promise<SlackMessage | undefined> {
  if (place.threadTs) {
    const inThread = await everyPage((cursor) => connection.web.conversations.replies({ channel, ts: place.threadTs!, limit: PAGE, ...(cursor ? { cursor } : {}) }), 'conversations.replies', carries(key));
    if (inThread) return inThread;
  }
  const window = place.postAt !== undefined ? { oldest: String(place.postAt - POSTED_EARLY_S), latest: String(place.postAt + POSTED_LATE_S), inclusive: true } : {};
  return everyPage(
    (cursor) => connection.web.conversations.history({ channel, limit: PAGE, ...window, ...(cursor ? { cursor } : {}) }),
    'conversations.history',
    carries(key),
    place.postAt !== undefined ? Infinity : 1,
  );
}

type Page = { messages?: unknown[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };

/** Reads page after page until a message matches or the pages end; a thread that no longer exists has none. */
export async function everyPage(read: (cursor?: string) => Promise<Page>, method: string, match: (message: SlackMessage) => boolean, maxPages = Infinity): Promise<SlackMessage | undefined> {
  let cursor: string | undefined;
  let pages = 0;
  do {
    pages += 1;
    let page: Page;
    try {
      page = await slackCall(method, false, () => read(cursor));
    } catch (error) {
      if (isSlackError(error, 'thread_not_found')) return undefined;
      throw error;
    }
    const found = (page.messages as SlackMessage[] | undefined)?.find(match);
    if (found) return found;
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor && pages < maxPages);
  return undefined;
}

export async function findScheduledByMarker(connection: SlackConnection, channel: string, key: string) {
  const listed = await slackCall('chat.scheduledMessages.list', false, () => connection.web.chat.scheduledMessages.list({ channel }));
  return listed.scheduled_messages?.find((entry) => keyInText(entry.text) === key);
}

export async function readScheduled(connection: SlackConnection, resourceId: string): Promise<Snapshot | null> {
  const { channel, scheduledId, key, place } = parseScheduledId(resourceId);
  try {
    const pending = await findScheduledByMarker(connection, channel, key);
    if (pending && pending.id === scheduledId) {
      return { state: 'scheduled', text: withoutMarker(pending.text ?? ''), post_at: pending.post_at ?? 0, reply_count: 0, replies: [], reactions_by_others: [], corrected: false };
    }
    const posted = await findPostedByMarker(connection, channel, key, place);
    if (!posted) return null;
    const snapshot = await messageSnapshot(connection, channel, posted);
    return { state: 'posted', ts: posted.ts ?? '', text: snapshot.text!, reply_count: snapshot.reply_count!, replies: snapshot.replies!, reactions_by_others: snapshot.reactions_by_others!, corrected: snapshot.corrected! };
  } catch (error) {
    if (isSlackError(error, 'channel_not_found')) return null;
    throw error;
  }
}
