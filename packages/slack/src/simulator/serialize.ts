// The workspace's objects in the Web API's JSON shapes (message objects, conversation objects).
import { TEAM_ID, type Channel, type StoredMessage, type Workspace } from './workspace.js';

export interface MessageView {
  /** conversations.history leaves metadata out unless `include_all_metadata` is set. */
  includeMetadata?: boolean;
  /** Reading a channel's messages (history, replies, pins) shows where each is pinned (`pinned_to`); post and update answers do not. */
  withPins?: boolean;
  /** Some methods answer with a narrower message object (the WebClient's types list which fields). */
  only?: readonly string[];
}

export const UPDATED_MESSAGE_FIELDS = ['type', 'text', 'user', 'team', 'bot_id', 'app_id', 'bot_profile', 'blocks', 'edited', 'metadata'] as const;
export const REACTED_MESSAGE_FIELDS = ['type', 'text', 'user', 'ts', 'team', 'bot_id', 'app_id', 'bot_profile', 'blocks', 'reactions'] as const;
export const PINNED_MESSAGE_FIELDS = ['type', 'text', 'user', 'ts', 'team', 'bot_id', 'app_id', 'bot_profile', 'blocks', 'attachments', 'thread_ts', 'reply_count', 'reply_users', 'reply_users_count', 'latest_reply', 'parent_user_id', 'reactions', 'pinned_to'] as const;

export function messageJson(workspace: Workspace, message: StoredMessage, view: MessageView = {}): Record<string, unknown> {
  const author = workspace.members.get(message.user);
  const json: Record<string, unknown> = { type: 'message', text: message.text, user: message.user, ts: message.ts, team: TEAM_ID };
  if (message.tombstone) json['subtype'] = 'tombstone';
  if (message.botId) {
    json['bot_id'] = message.botId;
    json['app_id'] = `A${message.botId.slice(1)}`;
    json['bot_profile'] = {
      id: message.botId,
      deleted: false,
      name: author?.name ?? 'backspace-agent',
      updated: 1700000000,
      app_id: `A${message.botId.slice(1)}`,
      icons: { image_36: 'https://a.slack-edge.com/36.png', image_48: 'https://a.slack-edge.com/48.png', image_72: 'https://a.slack-edge.com/72.png' },
      team_id: TEAM_ID,
    };
  }
  if (message.blocks) json['blocks'] = message.blocks;
  if (message.attachments) json['attachments'] = message.attachments.map((attachment, index) => ({ id: index + 1, ...attachment }));
  if (message.metadata && view.includeMetadata) json['metadata'] = message.metadata;
  if (message.edited) json['edited'] = message.edited;
  if (message.threadTs) {
    json['thread_ts'] = message.threadTs;
    if (message.threadTs === message.ts) {
      const replies = message.replies.map((ts) => workspace.findMessage(message.channel, ts)).filter((reply) => reply !== undefined);
      const replyUsers = [...new Set(replies.map((reply) => reply.user))];
      Object.assign(json, { reply_count: replies.length, reply_users_count: replyUsers.length, subscribed: false });
      if (replyUsers.length > 0) json['reply_users'] = replyUsers;
      if (replies.length > 0) json['latest_reply'] = replies[replies.length - 1]!.ts;
    } else {
      json['parent_user_id'] = workspace.findMessage(message.channel, message.threadTs)?.user ?? message.user;
    }
  }
  if (message.reactions.size > 0) {
    json['reactions'] = [...message.reactions].map(([name, users]) => ({ name, users, count: users.length }));
  }
  if (view.withPins && workspace.channels.get(message.channel)?.pins.has(message.ts)) json['pinned_to'] = [message.channel];
  if (view.only) return Object.fromEntries(Object.entries(json).filter(([field]) => view.only!.includes(field)));
  return json;
}

export function channelJson(channel: Channel, viewer: string, withMemberCount = false): Record<string, unknown> {
  return {
    ...(withMemberCount ? { num_members: channel.members.size } : {}),
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    created: channel.created,
    creator: channel.creator,
    is_channel: !channel.isPrivate,
    is_group: channel.isPrivate,
    is_im: false,
    is_mpim: false,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    is_general: channel.isGeneral,
    is_shared: false,
    is_org_shared: false,
    is_ext_shared: false,
    is_pending_ext_shared: false,
    is_member: channel.members.has(viewer),
    unlinked: 0,
    topic: channel.topic,
    purpose: channel.purpose,
    previous_names: [],
    shared_team_ids: [TEAM_ID],
    pending_shared: [],
  };
}
