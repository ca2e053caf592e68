// slack.channel.topic.set (conversations.setTopic). Inverse: set the previous topic, unless someone
// changed the topic again since (three-way).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { channelRef, readChannel } from '../resources.js';
import { slackCall } from '../slack-errors.js';
import { channelId } from './inputs.js';

const input = z.object({ channel: channelId, topic: z.string() });
type Input = z.infer<typeof input>;

export const channelTopicSet = defineAction<Input, { ok: true; channel: string; topic: string }, SlackConnection>({
  name: 'slack.channel.topic.set',
  reversibility: 'reversible',
  description: "Set a channel's topic (conversations.setTopic); undone by setting the previous topic",
  input,
  target: ({ channel }) => channelRef(channel),
  snapshot: ({ channel }, { client }) => readChannel(client, channel),
  async execute({ channel, topic }, { client }) {
    await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic }));
    return { ok: true, channel, topic };
  },
  lookup: async ({ channel, topic }, { client }) => ((await readChannel(client, channel))?.['topic'] === topic ? { ok: true, channel, topic } : undefined),
  resource: ({ channel }) => channelRef(channel),
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
