// slack.channel.topic.set (conversations.setTopic). Inverse: set the previous topic, unless someone
// changed the topic again since (three-way).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { channelRef } from '../resources.js';
import { readChannelInfo } from '../snapshots.js';
import { slackCall } from '../slack-errors.js';
import { channelId } from './inputs.js';

const input = z.object({ channel: channelId, topic: z.string().describe('The new topic shown in the channel header, plain text; "" clears it.') });
type Input = z.infer<typeof input>;

export const channelTopicSet = defineAction<Input, { ok: true; channel: string; topic: string }, SlackConnection>({
  name: 'slack.channel.topic.set',
  reversibility: 'reversible',
  description: "Set a channel's topic (conversations.setTopic); undone by setting the previous topic",
  input,
  minimumRequests: 2,
  target: ({ channel }) => channelRef(channel),
  // The topic is all its inverse compares: conversations.info, no history read.
  snapshot: ({ channel }, { client }) => readChannelInfo(client, channel),
  async execute({ channel, topic }, { client }) {
    const answer = await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic }));
    // The topic as Slack keeps it, which its answer carries.
    return { ok: true, channel, topic: answer.channel?.topic?.value ?? topic };
  },
  lookup: async ({ channel, topic }, { client }) => ((await readChannelInfo(client, channel))?.['topic'] === topic ? { ok: true, channel, topic } : undefined),
  resource: ({ channel }) => channelRef(channel),
  post: (_args, { topic }, pre) => (pre ? { ...pre, topic } : null),
  compensation: ({ input: { channel }, resource, pre, post }) => ({
    operation: 'slack.channel.topic.restore',
    resource,
    input: { channel },
    strategy: 'restore-fields',
    fields: ['topic'],
    pre,
    post,
    expect: { fields: { topic: pre?.['topic'] ?? '' } },
    description: `set the topic of ${channel} back to ${JSON.stringify(pre?.['topic'] ?? '')}`,
  }),
});
