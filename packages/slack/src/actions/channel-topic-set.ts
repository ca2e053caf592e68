// slack.channel.topic.set (conversations.setTopic). Inverse: set the previous topic, unless someone
// changed the topic again since (three-way).
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { channelRef } from '../resources.js';
import { readChannelInfo, TOPIC_SET_FIELD, topicSet } from '../snapshots.js';
import { slackCall } from '../slack-errors.js';
import { channelId } from './inputs.js';

const input = z.object({ channel: channelId, topic: z.string().describe('The new topic shown in the channel header, plain text; "" clears it.') });
type Input = z.infer<typeof input>;

/** `topic_set`: when and by whom Slack says the topic was set, from the write's answer (absent after a lookup). */
type Result = { ok: true; channel: string; topic: string; topic_set?: string | null };

export const channelTopicSet = defineAction<Input, Result, SlackConnection>({
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
    // The topic as Slack keeps it, which its answer carries, with when and by whom it was set.
    return { ok: true, channel, topic: answer.channel?.topic?.value ?? topic, topic_set: topicSet(answer.channel?.topic) };
  },
  lookup: async ({ channel, topic }, { client }) => ((await readChannelInfo(client, channel))?.['topic'] === topic ? { ok: true, channel, topic } : undefined),
  resource: ({ channel }) => channelRef(channel),
  // The topic's version as the write left it; a looked-up write knows none (it says nothing then).
  post: (_args, { topic, topic_set: set }, pre) => (pre ? { ...pre, topic, [TOPIC_SET_FIELD]: set ?? null } : null),
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
