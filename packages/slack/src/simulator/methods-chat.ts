// chat.* methods: post, update and delete messages (a bot only its own), schedule and unschedule them.
import { contentArgs, metadataArg, stringArg, type Arguments } from './arguments.js';
import { messageJson, UPDATED_MESSAGE_FIELDS } from './serialize.js';
import { SlackApiError, TEAM_ID, type Member, type Workspace } from './workspace.js';

export interface MethodCall {
  workspace: Workspace;
  actor: Member;
  args: Arguments;
}

export type Method = (call: MethodCall) => Record<string, unknown>;

const MAX_SCHEDULE_AHEAD_SECONDS = 120 * 24 * 3600;

function writableChannel({ workspace, actor, args }: MethodCall) {
  const channel = workspace.channel(stringArg(args, 'channel'));
  if (channel.isArchived) throw new SlackApiError('is_archived');
  if (!channel.members.has(actor.id)) throw new SlackApiError('not_in_channel');
  return channel;
}

/** Only the author edits or deletes a message: Slack answers a bot touching anyone else's this way. */
function ownMessage(call: MethodCall, refusal: 'cant_update_message' | 'cant_delete_message') {
  const channel = call.workspace.channel(stringArg(call.args, 'channel'));
  const message = call.workspace.message(channel, stringArg(call.args, 'ts'));
  if (message.user !== call.actor.id) throw new SlackApiError(refusal);
  return { channel, message };
}

export const chatMethods: Record<string, Method> = {
  'chat.postMessage': (call) => {
    const channel = writableChannel(call);
    const content = contentArgs(call.args);
    const metadata = metadataArg(call.args);
    const threadTs = stringArg(call.args, 'thread_ts');
    const message = call.workspace.post(channel, call.actor, { ...content, ...(metadata ? { metadata } : {}), ...(threadTs ? { threadTs } : {}) });
    return { channel: channel.id, ts: message.ts, message: messageJson(call.workspace, message, { includeMetadata: true }) };
  },

  'chat.update': (call) => {
    const { channel, message } = ownMessage(call, 'cant_update_message');
    const args = call.args;
    const content = contentArgs({ text: args['text'] ?? (args['blocks'] || args['attachments'] ? undefined : message.text), blocks: args['blocks'], attachments: args['attachments'] });
    message.text = content.text;
    // Slack replaces blocks and attachments only when the call names them; `[]` clears them.
    if ('blocks' in args) {
      if (content.blocks?.length) message.blocks = content.blocks;
      else delete message.blocks;
    }
    if ('attachments' in args) {
      if (content.attachments?.length) message.attachments = content.attachments;
      else delete message.attachments;
    }
    const metadata = metadataArg(args);
    if (metadata) message.metadata = metadata;
    message.edited = { user: call.actor.id, ts: `${call.workspace.seconds()}.000000` };
    const json = messageJson(call.workspace, message, { includeMetadata: true, only: UPDATED_MESSAGE_FIELDS });
    return { channel: channel.id, ts: message.ts, text: message.text, message: json };
  },

  'chat.delete': (call) => {
    const { channel, message } = ownMessage(call, 'cant_delete_message');
    call.workspace.remove(channel, message);
    return { channel: channel.id, ts: message.ts };
  },

  'chat.scheduleMessage': (call) => {
    const channel = writableChannel(call);
    const content = contentArgs(call.args);
    const postAt = Number(stringArg(call.args, 'post_at'));
    if (!Number.isInteger(postAt)) throw new SlackApiError('invalid_time');
    const now = call.workspace.seconds();
    if (postAt <= now) throw new SlackApiError('time_in_past');
    if (postAt - now > MAX_SCHEDULE_AHEAD_SECONDS) throw new SlackApiError('time_too_far');
    const threadTs = stringArg(call.args, 'thread_ts');
    if (threadTs) call.workspace.message(channel, threadTs);
    const scheduled = call.workspace.schedule({ channel: channel.id, user: call.actor.id, ...content, ...(threadTs ? { threadTs } : {}), postAt });
    const message: Record<string, unknown> = { type: 'message', text: scheduled.text, user: call.actor.id, team: TEAM_ID, bot_id: call.actor.botId ?? 'B00000000' };
    if (scheduled.blocks) message['blocks'] = scheduled.blocks;
    return { channel: channel.id, scheduled_message_id: scheduled.id, post_at: postAt, message };
  },

  'chat.deleteScheduledMessage': ({ workspace, actor, args }) => {
    const channel = workspace.channel(stringArg(args, 'channel'));
    const scheduled = workspace.scheduled.get(stringArg(args, 'scheduled_message_id') ?? '');
    // Once posted (or cancelled) the id no longer names anything that can be cancelled.
    if (!scheduled || scheduled.postedTs || scheduled.channel !== channel.id || scheduled.user !== actor.id) throw new SlackApiError('invalid_scheduled_message_id');
    workspace.scheduled.delete(scheduled.id);
    return {};
  },

  'chat.scheduledMessages.list': ({ workspace, actor, args }) => {
    const channelId = stringArg(args, 'channel');
    if (channelId) workspace.channel(channelId);
    const pending = [...workspace.scheduled.values()].filter((entry) => !entry.postedTs && entry.user === actor.id && (!channelId || entry.channel === channelId));
    // Pages of `limit` (100 by default), the cursor naming the first entry of the next page.
    const limit = Math.min(Math.max(Number(stringArg(args, 'limit') ?? 100), 1), 1000);
    const cursor = stringArg(args, 'cursor');
    const start = cursor ? pending.findIndex((entry) => `next_id:${entry.id}` === Buffer.from(cursor, 'base64').toString('utf8')) : 0;
    if (start < 0) throw new SlackApiError('invalid_arguments');
    const next = pending[start + limit];
    return {
      scheduled_messages: pending.slice(start, start + limit).map((entry) => ({ id: entry.id, channel_id: entry.channel, post_at: entry.postAt, date_created: entry.dateCreated, text: entry.text })),
      response_metadata: { next_cursor: next ? Buffer.from(`next_id:${next.id}`).toString('base64') : '' },
    };
  },
};
