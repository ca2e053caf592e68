// Who set a channel's topic last, from Slack's own record of it (`topic.creator` in conversations.info):
// how a rollback tells a person who set the topic to the very text the agent left (changed it, then
// changed it back) from the agent, whose earlier topic it would otherwise put back over theirs.
//
// Only the topic needs this. Slack lets only a message's author edit it, and only the bot remove its own
// reaction, so no person can give the agent's message or reaction the agent's value; a pin names who
// pinned it (`pinned_by`), which a rollback already compares. What Slack cannot tell is another session on
// the same bot token: it writes as the same bot user (its edits' `edited.user`, its topics' creator).
import type { FieldWriter, ResourceRef } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import { slackCall } from './slack-errors.js';

/** The topic's last writer: the bot's own user is the agent (`self`), anyone else is not; null when never set. */
export async function topicLastWriter(connection: SlackConnection, resource: ResourceRef): Promise<Map<string, FieldWriter | null>> {
  if (resource.type !== 'channel') return new Map();
  const [info, bot] = await Promise.all([slackCall('conversations.info', false, () => connection.web.conversations.info({ channel: resource.id })), connection.botUserId()]);
  const creator = info.channel?.topic?.creator;
  return new Map([['topic', creator ? { by: creator, self: creator === bot } : null]]);
}
