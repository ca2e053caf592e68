// conversations.*, reactions.*, pins.* and auth.test: channels, their history and threads, emoji, pins.
import { booleanArg, stringArg, type Arguments } from './arguments.js';
import type { Method } from './methods-chat.js';
import { historyLimits } from './rate-limits.js';
import { channelJson, messageJson, PINNED_MESSAGE_FIELDS, REACTED_MESSAGE_FIELDS } from './serialize.js';
import { SlackApiError, TEAM_ID, type Member, type Workspace } from './workspace.js';
import { listedEmojiName } from './methods-emoji.js';

/** An emoji's name, and a skin tone after it as reactions.add documents (`wave::skin-tone-3`). */
const EMOJI_NAME = /^[a-z0-9_+'-]{1,100}(::skin-tone-[2-6])?$/;

/**
 * One page of message ts (in the order the method lists them) and Slack's cursor for the next one:
 * base64 of `next_ts:<ts>`, the first message of that page, as Slack's cursors decode. A
 * non-Marketplace app gets 15 messages at most, whatever `limit` it asks for (and 15 by default).
 */
function pageOf(listed: string[], args: Arguments, workspace: Workspace, actor: Member): { page: string[]; has_more: boolean; response_metadata: { next_cursor: string } } {
  const { defaultPage, maxPage } = historyLimits(actor.isBot ? workspace.appKind : 'internal');
  const limit = Math.min(Math.max(Number(stringArg(args, 'limit') ?? defaultPage), 1), maxPage);
  const cursor = stringArg(args, 'cursor');
  let start = 0;
  if (cursor) {
    const decoded = /^next_ts:(\d+\.\d+)$/.exec(Buffer.from(cursor, 'base64').toString('utf8'))?.[1];
    if (!decoded || !listed.includes(decoded)) throw new SlackApiError('invalid_cursor');
    start = listed.indexOf(decoded);
  }
  const page = listed.slice(start, start + limit);
  const next = listed[start + limit];
  return { page, has_more: next !== undefined, response_metadata: { next_cursor: next ? Buffer.from(`next_ts:${next}`).toString('base64') : '' } };
}

export const conversationMethods: Record<string, Method> = {
  'auth.test': ({ actor }) => ({
    url: 'https://backspace-sim.slack.com/',
    team: 'Backspace Simulated',
    user: actor.name,
    team_id: TEAM_ID,
    user_id: actor.id,
    ...(actor.botId ? { bot_id: actor.botId } : {}),
    is_enterprise_install: false,
  }),

  'conversations.create': ({ workspace, actor, args }) => {
    const name = stringArg(args, 'name');
    if (!name) throw new SlackApiError('invalid_name_required');
    if (name.length > 80) throw new SlackApiError('invalid_name_maxlength');
    if (!/^[a-z0-9_-]+$/.test(name)) throw new SlackApiError('invalid_name_specials');
    // Archived channels keep their names: that is why archiving is not an exact inverse of creating.
    if ([...workspace.channels.values()].some((channel) => channel.name === name)) throw new SlackApiError('name_taken');
    const channel = workspace.createChannel(name, actor.id, booleanArg(args, 'is_private'));
    return { channel: channelJson(channel, actor.id) };
  },

  'conversations.join': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    if (channel.isArchived) throw new SlackApiError('is_archived');
    if (channel.isPrivate && !channel.members.has(actor.id)) throw new SlackApiError('method_not_supported_for_channel_type');
    channel.members.add(actor.id);
    return { channel: channelJson(channel, actor.id) };
  },

  // A member takes someone (a bot included) out of a channel: from a private one, that member then sees
  // nothing of it (every method answers channel_not_found), though its messages stay.
  'conversations.kick': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const user = stringArg(args, 'user');
    if (!user || !workspace.members.has(user)) throw new SlackApiError('user_not_found');
    if (user === actor.id) throw new SlackApiError('cant_kick_self');
    if (channel.isGeneral) throw new SlackApiError('cant_kick_from_general');
    if (!channel.members.has(user)) throw new SlackApiError('not_in_channel');
    channel.members.delete(user);
    return {};
  },

  'conversations.archive': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    if (channel.isGeneral) throw new SlackApiError('cant_archive_general');
    if (channel.isArchived) throw new SlackApiError('already_archived');
    if (!channel.members.has(actor.id)) throw new SlackApiError('not_in_channel');
    channel.isArchived = true;
    return {};
  },

  'conversations.setTopic': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    if (channel.isArchived) throw new SlackApiError('is_archived');
    if (!channel.members.has(actor.id)) throw new SlackApiError('not_in_channel');
    const topic = stringArg(args, 'topic') ?? '';
    if (topic.length > 250) throw new SlackApiError('too_long');
    channel.topic = { value: topic, creator: actor.id, last_set: workspace.seconds() };
    return { channel: channelJson(channel, actor.id) };
  },

  'conversations.list': ({ workspace, actor, args }) => {
    const types = (stringArg(args, 'types') ?? 'public_channel').split(',');
    const visible = [...workspace.channels.values()].filter(
      (channel) =>
        (channel.isPrivate ? types.includes('private_channel') && channel.members.has(actor.id) : types.includes('public_channel')) &&
        !(booleanArg(args, 'exclude_archived') && channel.isArchived),
    );
    return { channels: visible.map((channel) => channelJson(channel, actor.id, true)), response_metadata: { next_cursor: '' } };
  },

  'conversations.info': ({ workspace, actor, args }) => ({ channel: channelJson(workspace.channel(stringArg(args, 'channel')), actor.id, true) }),

  'conversations.history': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const latest = Number(stringArg(args, 'latest') ?? Infinity);
    const oldest = Number(stringArg(args, 'oldest') ?? 0);
    const inclusive = booleanArg(args, 'inclusive');
    const inRange = channel.timeline
      .filter((ts) => (inclusive ? Number(ts) <= latest && Number(ts) >= oldest : Number(ts) < latest && Number(ts) > oldest))
      .reverse();
    const { page, has_more, response_metadata } = pageOf(inRange, args, workspace, actor);
    const includeMetadata = booleanArg(args, 'include_all_metadata');
    return {
      messages: page.map((ts) => messageJson(workspace, workspace.findMessage(channel.id, ts)!, { includeMetadata, withPins: true })),
      has_more,
      pin_count: channel.pins.size,
      channel_actions_ts: null,
      channel_actions_count: 0,
      response_metadata,
    };
  },

  'conversations.replies': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const ts = stringArg(args, 'ts');
    const message = ts ? workspace.findMessage(channel.id, ts) : undefined;
    if (!message) throw new SlackApiError('thread_not_found');
    const parent = message.threadTs && message.threadTs !== message.ts ? workspace.findMessage(channel.id, message.threadTs)! : message;
    const includeMetadata = booleanArg(args, 'include_all_metadata');
    const { page, has_more, response_metadata } = pageOf([parent.ts, ...parent.replies], args, workspace, actor);
    return { messages: page.map((entry) => messageJson(workspace, workspace.findMessage(channel.id, entry)!, { includeMetadata, withPins: true })), has_more, response_metadata };
  },

  'reactions.add': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const message = workspace.message(channel, stringArg(args, 'timestamp'));
    const given = stringArg(args, 'name') ?? '';
    if (!EMOJI_NAME.test(given)) throw new SlackApiError('invalid_name');
    // Slack keeps the reaction under the emoji's canonical name, whichever of its names was given:
    // `thumbsup` is listed as `+1`, and is already there when the same user's `+1` is; likewise a
    // workspace's own alias, under the emoji it stands for.
    const name = listedEmojiName(workspace, given);
    const users = message.reactions.get(name) ?? [];
    if (users.includes(actor.id)) throw new SlackApiError('already_reacted');
    if (!users.length && message.reactions.size >= 23) throw new SlackApiError('too_many_emoji');
    message.reactions.set(name, [...users, actor.id]);
    return {};
  },

  'reactions.remove': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const message = workspace.message(channel, stringArg(args, 'timestamp'));
    // Any of the emoji's names, a workspace's aliases included, removes the reaction listed under its canonical one.
    const name = listedEmojiName(workspace, stringArg(args, 'name') ?? '');
    const users = message.reactions.get(name) ?? [];
    if (!users.includes(actor.id)) throw new SlackApiError('no_reaction');
    const rest = users.filter((user) => user !== actor.id);
    if (rest.length) message.reactions.set(name, rest);
    else message.reactions.delete(name);
    return {};
  },

  'reactions.get': ({ workspace, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const message = workspace.message(channel, stringArg(args, 'timestamp'));
    return { type: 'message', channel: channel.id, message: messageJson(workspace, message, { only: REACTED_MESSAGE_FIELDS }) };
  },

  'pins.add': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    if (!channel.members.has(actor.id)) throw new SlackApiError('not_in_channel');
    const message = workspace.message(channel, stringArg(args, 'timestamp'));
    if (channel.pins.has(message.ts)) throw new SlackApiError('already_pinned');
    channel.pins.set(message.ts, { created: workspace.seconds(), createdBy: actor.id });
    return {};
  },

  'pins.remove': ({ workspace, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const message = workspace.message(channel, stringArg(args, 'timestamp'));
    if (!channel.pins.delete(message.ts)) throw new SlackApiError('no_pin');
    return {};
  },

  'pins.list': ({ workspace, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const items = [...channel.pins].map(([ts, pin]) => ({
      type: 'message',
      created: pin.created,
      created_by: pin.createdBy,
      channel: channel.id,
      message: messageJson(workspace, workspace.findMessage(channel.id, ts)!, { withPins: true, only: PINNED_MESSAGE_FIELDS }),
    }));
    return { items };
  },
};
