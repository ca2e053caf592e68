// Resource names and readers: messages, reactions, pins, scheduled messages and channels as snapshots.
import type { Json, ResourceRef, Snapshot } from '@backspace/core';
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
/** The key is part of the name: once Slack posts it, only the key in its text finds the message. */
export const scheduledRef = (channel: string, scheduledId: string, key: string): ResourceRef => ({ provider: 'slack', type: 'scheduled_message', id: `${channel}/${scheduledId}/${key}` });

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

/** A message the bot posted carrying `key` in its text (a scheduled message Slack has posted). */
export async function findPostedByMarker(connection: SlackConnection, channel: string, key: string): Promise<SlackMessage | undefined> {
  const history = await slackCall('conversations.history', false, () => connection.web.conversations.history({ channel, limit: 200 }));
  return (history.messages as SlackMessage[] | undefined)?.find((message) => message.subtype !== 'tombstone' && keyInText(message.text) === key);
}

export async function findScheduledByMarker(connection: SlackConnection, channel: string, key: string) {
  const listed = await slackCall('chat.scheduledMessages.list', false, () => connection.web.chat.scheduledMessages.list({ channel }));
  return listed.scheduled_messages?.find((entry) => keyInText(entry.text) === key);
}

export async function readScheduled(connection: SlackConnection, resourceId: string): Promise<Snapshot | null> {
  const [channel, scheduledId, key] = splitId(resourceId, 3) as [string, string, string];
  try {
    const pending = await findScheduledByMarker(connection, channel, key);
    if (pending && pending.id === scheduledId) {
      return { state: 'scheduled', text: withoutMarker(pending.text ?? ''), post_at: pending.post_at ?? 0, reply_count: 0, reactions_by_others: [], corrected: false };
    }
    const posted = await findPostedByMarker(connection, channel, key);
    if (!posted) return null;
    const snapshot = await messageSnapshot(connection, channel, posted);
    return { state: 'posted', ts: posted.ts ?? '', text: snapshot.text!, reply_count: snapshot.reply_count!, reactions_by_others: snapshot.reactions_by_others!, corrected: snapshot.corrected! };
  } catch (error) {
    if (isSlackError(error, 'channel_not_found')) return null;
    throw error;
  }
}
