// Messages, reactions, pins and channels as the snapshots a rollback compares, each read in as few
// requests as Slack allows; a message's snapshot is also built from a write's own answer (no read).
import { createHash } from 'node:crypto';
import { canonicalJson } from '@backspace/core';
import { nullWhenGone, resourceKey, type Json, type Snapshot } from '@backspace/core/adapter-kit';
import type { SlackConnection } from './connection.js';
import { sameReaction } from './emoji-names.js';
import { CORRECTION_EVENT, keyInText, withoutMarker } from './marker.js';
import type { FoundMessage, SlackMessage } from './message-reader.js';
import { messageRef } from './resources.js';
import { slackCall, slackGone } from './slack-errors.js';
import { mayBeListedElsewhere } from './workspace-emoji.js';

/** A live message by channel and ts, top-level or in a thread; undefined when gone or deleted. */
export async function fetchMessage(connection: SlackConnection, channel: string, ts: string): Promise<SlackMessage | undefined> {
  return (await connection.messages.find(channel, ts))?.message;
}

/** Every reply in a message's thread, page by page (the tier's page size). */
export async function threadReplies(connection: SlackConnection, channel: string, ts: string): Promise<SlackMessage[]> {
  const thread: SlackMessage[] = [];
  let cursor: string | undefined;
  do {
    const page = await connection.replies({ channel, ts, ...(cursor ? { cursor } : {}) });
    for (const message of (page.messages ?? []) as SlackMessage[]) connection.messages.learn(channel, message);
    thread.push(...((page.messages ?? []) as SlackMessage[]));
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor);
  return thread.filter((message) => message.ts !== ts);
}

const hasThread = (message: SlackMessage) => (message.reply_count ?? 0) > 0 && message.thread_ts === message.ts;
/**
 * The ts of the message a correction posted in a thread corrects (its `corrects`; one without it, the
 * thread's parent), or undefined for any other reply. A parent's thread also holds the corrections of
 * the agent's replies under it: those are not the parent's.
 */
export function correctionOf(reply: SlackMessage, threadTs: string): string | undefined {
  const metadata = reply.metadata as { event_type?: string; event_payload?: { corrects?: unknown } } | undefined;
  if (metadata?.event_type !== CORRECTION_EVENT) return undefined;
  const corrects = metadata.event_payload?.corrects;
  return typeof corrects === 'string' ? corrects : threadTs;
}

/**
 * What a write's answer shows of a message (chat.update's `message`), as its snapshot holds it: the
 * text, and blocks, attachments and metadata only where the answer carries them (Slack's answer may
 * leave them out, which says nothing about them: the rollback reads those instead).
 */
export function answeredContent(message: SlackMessage | undefined): Snapshot | undefined {
  if (typeof message?.text !== 'string') return undefined;
  const content = contentOf(message);
  return {
    text: content.text,
    ...('blocks' in message ? { blocks: content.blocks } : {}),
    ...('attachments' in message ? { attachments: content.attachments } : {}),
    ...('metadata' in message ? { metadata: (message.metadata ?? null) as Json } : {}),
  };
}

/** What a message says, as its snapshot compares it: the visible text, its blocks and attachments. */
export function contentOf(message: Pick<SlackMessage, 'text' | 'blocks' | 'attachments'>): { text: string; blocks: Json; attachments: Json } {
  return {
    text: withoutMarker(message.text ?? ''),
    blocks: (message.blocks ?? []) as Json,
    attachments: (message.attachments ?? []).map(({ id: _id, ...attachment }) => attachment) as Json,
  };
}

/**
 * A digest of what a message says (`contentOf`), staged with a correction so it can tell, when it
 * runs, whether the text is still the agent's (the same bot token writes for every session).
 */
export function contentDigest(content: { text?: Json; blocks?: Json; attachments?: Json }): string {
  const { text = '', blocks = [], attachments = [] } = content;
  return createHash('sha256').update(canonicalJson({ text, blocks, attachments })).digest('hex');
}

/**
 * The fields a rollback compares on a message, from the message and its replies. Reactions are split
 * by who made them: `bot` is the adapter's bot user (a message the bot posted names it as its `user`).
 * The bot's own reactions and pin (`pinnedBy`: who pinned it, when pinned) are named apart: Slack tells
 * no session on the bot token from another, so they are compared by no guard, and the delete of the
 * agent's message looks again for what of them outlives the session's own undos (another session's).
 */
export function snapshotOf(channel: string, message: SlackMessage, replies: SlackMessage[], bot: string, correctionText: string, pinnedBy?: string | null): Snapshot {
  const byOthers = (message.reactions ?? []).flatMap((reaction) => (reaction.users ?? []).filter((user) => user !== bot).map((user) => `${reaction.name}:${user}`)).sort();
  const byBot = bot ? (message.reactions ?? []).filter((reaction) => reaction.users?.includes(bot)).map((reaction) => reaction.name ?? '').sort() : [];
  const text = message.text ?? '';
  return {
    user: message.user ?? null,
    ...contentOf(message),
    metadata: (message.metadata ?? null) as Json,
    reply_count: replies.length,
    // What sits under the message, as the replies' own resource names (a guarded delete's contents).
    replies: replies.map((reply) => resourceKey(messageRef(channel, reply.ts!))),
    reply_users: [...new Set(replies.map((reply) => reply.user ?? ''))].sort(),
    reactions_by_others: byOthers,
    // Only when someone else pinned it, so a snapshot journaled before this field was kept still equals one read now.
    ...(pinnedBy !== undefined && pinnedBy !== bot ? { pinned_by_others: true } : {}),
    // Likewise only when there: the bot's pin and reactions, whoever of its sessions made them.
    ...(pinnedBy !== undefined && pinnedBy === bot ? { pinned_by_bot: true } : {}),
    ...(byBot.length > 0 ? { reactions_by_bot: byBot } : {}),
    corrected: withoutMarker(text) === correctionText || replies.some((reply) => correctionOf(reply, message.ts ?? '') === message.ts),
    ...hiddenKeyOf(text),
  };
}

/**
 * The hidden key of the agent's scheduled message Slack posted (`key`; no other message has one): what a
 * write on the message names as the write that made it (`Compensation.madeBy`).
 */
export function hiddenKeyOf(text: string | undefined): { key?: string } {
  const key = keyInText(text);
  return key ? { key } : {};
}

/**
 * A found message's snapshot, reading its thread only when the read that found it did not, and who
 * pinned it (pins.list) only when it is pinned: a read of messages says where, not by whom.
 */
export async function messageSnapshot(connection: SlackConnection, channel: string, found: FoundMessage): Promise<Snapshot> {
  const replies = found.replies ?? (hasThread(found.message) ? await threadReplies(connection, channel, found.message.ts!) : []);
  const pinned = found.message.pinned_to?.includes(channel) === true;
  // Only reactions and pins need to know which user is the bot (auth.test, once per adapter).
  const bot = found.message.reactions?.length || pinned ? await connection.botUserId() : '';
  // A pin whose maker the list does not name (unpinned since, or Slack left it out) is taken as someone else's.
  const pinnedBy = pinned ? (((await readPin(connection, channel, found.message.ts!))?.['pinned_by'] as string | null | undefined) ?? null) : undefined;
  return snapshotOf(channel, found.message, replies, bot, connection.correction.text, pinnedBy);
}

export async function readMessage(connection: SlackConnection, channel: string, ts: string): Promise<Snapshot | null> {
  const found = await connection.messages.find(channel, ts);
  return found ? messageSnapshot(connection, channel, found) : null;
}

/**
 * Whether the bot reacted, and who else did, from the message's reactions. Slack lists a reaction under
 * the emoji's canonical name whichever name it was added by (`thumbsup` as `+1`): compared by that name,
 * or the bot's reaction would read as not there and its undo as done already.
 */
export function reactionOf(message: SlackMessage, name: string, bot: string): Snapshot {
  const users = message.reactions?.find((reaction) => sameReaction(reaction.name ?? '', name))?.users ?? [];
  return { reacted: users.includes(bot), others: users.filter((user) => user !== bot), ...hiddenKeyOf(message.text) };
}

/**
 * The reaction as a rollback plans on it: a name a workspace's alias may stand in for is followed to the
 * emoji Slack lists it under, read (emoji.list) only where the name alone does not find the bot's
 * reaction (see workspace-emoji.ts). A refused read fails this one: the reaction is not known to be gone.
 */
async function reactionFollowingAliases(connection: SlackConnection, message: SlackMessage, name: string, bot: string): Promise<Snapshot> {
  return reactionOf(message, mayBeListedElsewhere(message, name, bot) ? await connection.emoji.listedName(name) : name, bot);
}

/**
 * One reactions.get (Tier 3 for every kind of app, unlike the history methods). `aliases`: also follow
 * the workspace's own aliases (the reads a rollback plans on); the action's own reads before and after
 * its call take the name as given, so no agent's call asks for the workspace's emoji.
 */
export function readReaction(connection: SlackConnection, channel: string, ts: string, name: string, aliases: 'workspace' | 'standard' = 'standard'): Promise<Snapshot | null> {
  return nullWhenGone(async () => {
    const answer = await slackCall('reactions.get', false, () => connection.web.reactions.get({ channel, timestamp: ts, full: true }));
    const message = (answer.message ?? {}) as SlackMessage;
    const bot = await connection.botUserId();
    return aliases === 'workspace' ? reactionFollowingAliases(connection, message, name, bot) : reactionOf(message, name, bot);
  }, slackGone('message_not_found'));
}

/** Who pinned it matters: a pin a person made after the agent's is theirs, and rollback keeps it. */
export function pinIn(items: unknown[] | undefined, ts: string): Snapshot {
  const pin = (items as { message?: { ts?: string }; created_by?: string }[] | undefined)?.find((item) => item.message?.ts === ts);
  return { pinned: pin !== undefined, pinned_by: pin?.created_by ?? null };
}

/** One pins.list; a channel Slack says it cannot find is unreadable, not unpinned (see CHANNEL_HIDDEN). */
export async function readPin(connection: SlackConnection, channel: string, ts: string): Promise<Snapshot | null> {
  const listed = await slackCall('pins.list', false, () => connection.web.pins.list({ channel }));
  return pinIn(listed.items, ts);
}

type Topic = { value?: string; creator?: string; last_set?: number };
type Conversation = { name?: string; is_private?: boolean; is_archived?: boolean; topic?: Topic };

/**
 * A channel's topic version, the adapter's `versionField`: when the topic was last set (Slack's
 * `topic.last_set`, whole seconds) and by whom (`topic.creator`), so a person who sets it within the
 * same second as the agent still moves it. Never compared or restored; null for a topic never set.
 */
export const TOPIC_SET_FIELD = 'topic_set';

export function topicSet(topic: Topic | undefined): string | null {
  return topic?.last_set ? `${topic.last_set}:${topic.creator ?? ''}` : null;
}

/** A channel's name, privacy, archive state and topic, from a conversation as Slack gives it (a read's, or a write's answer). */
export function channelFields(conversation: Conversation): Snapshot {
  return {
    name: conversation.name ?? '',
    is_private: conversation.is_private ?? false,
    is_archived: conversation.is_archived ?? false,
    topic: conversation.topic?.value ?? '',
    [TOPIC_SET_FIELD]: topicSet(conversation.topic),
  };
}

/**
 * A channel's name, privacy, archive state, topic and creator: one conversations.info. Never null:
 * Slack deletes no channel through the API, and channel_not_found may only mean hidden (CHANNEL_HIDDEN).
 */
async function channelInfo(connection: SlackConnection, channel: string): Promise<Snapshot & { creator: string }> {
  const info = await slackCall('conversations.info', false, () => connection.web.conversations.info({ channel }));
  const conversation = info.channel!;
  return { ...channelFields(conversation), creator: conversation.creator ?? '' };
}

/** What a topic's inverse compares: one conversations.info. */
export async function readChannelInfo(connection: SlackConnection, channel: string): Promise<Snapshot | null> {
  const { creator: _creator, ...snapshot } = await channelInfo(connection, channel);
  return snapshot;
}

/** The field of a channel's snapshot counting others' messages in it (what archiving it is guarded by). */
export const MESSAGES_BY_OTHERS = 'messages_by_others';
/**
 * The same talk as the messages' names (a thread others replied in, by its parent's): the archive's
 * `contents`, so core reads the channel again just before archiving it once its plan is a second old,
 * as before any removal (a person may write in it while the rollback's earlier steps run).
 */
export const TALK_BY_OTHERS = 'talk_by_others';

/**
 * Whether people replied in the message's thread, from what the history already says of it: replies
 * never show in a channel's history, only their parent, naming who replied (`reply_users`, a few of
 * them: a count above the list means more). Talk in a thread is talk in the channel.
 */
function repliedByOthers(message: SlackMessage, bot: string): boolean {
  const users = message.reply_users ?? [];
  return users.some((user) => user !== bot) || (message.reply_users_count ?? 0) > users.length;
}

/**
 * The channel, and for one the bot created and has not archived, how many of its messages others
 * wrote, at the top level or in a thread (what archiving it is guarded by): history from the newest,
 * page by page until one by someone other than the bot shows, or the end. Others' channels, and archived ones, need no history read:
 * no inverse archives them, and archiving is done (`messages_by_others` null: not counted).
 */
export async function readChannel(connection: SlackConnection, channel: string): Promise<Snapshot | null> {
  const info = await channelInfo(connection, channel);
  const { creator, ...snapshot } = info;
  const bot = await connection.botUserId();
  if (info.is_archived || creator !== bot) return { ...snapshot, messages_by_others: null };
  let byOthers = 0;
  const talk: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await connection.history({ channel, ...(cursor ? { cursor } : {}) });
    for (const message of (page.messages ?? []) as SlackMessage[]) {
      const count = (message.user !== bot ? 1 : 0) + (repliedByOthers(message, bot) ? 1 : 0);
      byOthers += count;
      if (count > 0 && message.ts) talk.push(resourceKey(messageRef(channel, message.ts)));
    }
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor && byOthers === 0);
  return { ...snapshot, messages_by_others: byOthers, [TALK_BY_OTHERS]: talk };
}
