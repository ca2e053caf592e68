// slack.reaction.add (reactions.add). Inverse: reactions.remove of the bot's own reaction; when the bot
// had already reacted there is nothing to undo (pre and post agree, so rollback leaves it).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { messageRef, reactionRef } from '../resources.js';
import { readReaction } from '../snapshots.js';
import { isSlackError, slackCall } from '../slack-errors.js';
import { channelId, messageTs } from './inputs.js';

const input = z.object({
  channel: channelId,
  timestamp: messageTs.describe('The ts of the message to react to, e.g. "1700000000.000100".'),
  name: z
    .string()
    .min(1)
    .regex(/^[^:\s]+$/, 'an emoji name without colons, e.g. thumbsup')
    .describe('The emoji\'s name without colons, e.g. "thumbsup" or "white_check_mark".'),
});
type Input = z.infer<typeof input>;

export const reactionAdd = defineAction<Input, { ok: true; already_reacted?: true }, SlackConnection>({
  name: 'slack.reaction.add',
  reversibility: 'reversible',
  description: 'Add an emoji reaction to a message (reactions.add); undone by removing the bot’s reaction',
  input,
  minimumRequests: 2,
  target: ({ channel, timestamp, name }) => reactionRef(channel, timestamp, name),
  snapshot: ({ channel, timestamp, name }, { client }) => readReaction(client, channel, timestamp, name),
  async execute(args, { client }) {
    try {
      await slackCall('reactions.add', true, () => client.web.reactions.add(args));
      return { ok: true };
    } catch (error) {
      // The reaction the agent wanted is there: the call's purpose holds, and the inverse must not remove it.
      if (isSlackError(error, 'already_reacted')) return { ok: true, already_reacted: true };
      throw error;
    }
  },
  lookup: async ({ channel, timestamp, name }, { client }) => ((await readReaction(client, channel, timestamp, name))?.['reacted'] ? { ok: true } : undefined),
  resource: ({ channel, timestamp, name }) => reactionRef(channel, timestamp, name),
  // The bot's reaction is there now (it was, if Slack said already_reacted); nobody else's changed.
  post: (_args, _result, pre) => ({ reacted: true, others: pre?.['others'] ?? [] }),
  compensation: ({ input: { channel, timestamp, name }, resource, pre, post }) => ({
    operation: 'slack.reaction.remove',
    resource,
    input: { channel, timestamp, name },
    strategy: 'restore-fields',
    fields: ['reacted'],
    pre,
    post,
    expect: { fields: { reacted: false } },
    dependsOn: [messageRef(channel, timestamp)],
    description: `remove the bot's :${name}: from message ${timestamp} in ${channel}`,
  }),
});
