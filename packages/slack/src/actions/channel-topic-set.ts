// slack.channel.topic.set (conversations.setTopic). Inverse: set the previous topic, unless someone
// changed the topic again since (three-way).
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { channelRef } from '../resources.js';
import { channelFields, readChannelInfo, TOPIC_SET_FIELD, topicSet } from '../snapshots.js';
import { conversationId, restored } from '../compensation-inputs.js';
import { slackCall } from '../slack-errors.js';
import { channelId } from './inputs.js';

const input = z.strictObject({ channel: channelId, topic: z.string().describe('The new topic shown in the channel header, plain text; "" clears it.') });
type Input = z.infer<typeof input>;

/** What `slack.channel.topic.restore` names: the channel, and (added by the engine) the topic to put back. */
const restoreInput = z.object({ channel: conversationId, values: restored({ topic: z.string().nullable() }) }).strict();
/** The engine adds `values` to every field restore it runs. */
type RestoreInput = z.infer<typeof restoreInput> & { values: NonNullable<z.infer<typeof restoreInput>['values']> };

/** `topic_set`: when and by whom Slack says the topic was set, from the write's answer (absent after a lookup). */
type Result = { ok: true; channel: string; topic: string; topic_set?: string | null };

export const channelTopicSet = defineSlackAction({
  name: 'slack.channel.topic.set',
  reversibility: 'reversible',
  description: "Set a channel's topic (conversations.setTopic); undone by setting the previous topic",
  input,
  minimumRequests: 2,
  target: ({ channel }) => channelRef(channel),
  // The topic is all its inverse compares: conversations.info, no history read.
  snapshot: ({ channel }, { client }) => readChannelInfo(client, channel),
  async execute({ channel, topic }, { client }): Promise<Result> {
    const answer = await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic }));
    // The topic as Slack keeps it, which its answer carries, with when and by whom it was set.
    return { ok: true, channel, topic: answer.channel?.topic?.value ?? topic, topic_set: topicSet(answer.channel?.topic) };
  },
  lookup: async ({ channel, topic }, { client }): Promise<Result | undefined> => ((await readChannelInfo(client, channel))?.['topic'] === topic ? { ok: true, channel, topic } : undefined),
  // The topic's version as the write left it; a looked-up write knows none (it says nothing then).
  post: (_args, { topic, topic_set: set }, pre) => (pre ? { ...pre, topic, [TOPIC_SET_FIELD]: set ?? null } : null),
  compensation: (args) => {
    const { input: { channel }, pre } = args;
    // No topic is an empty one: Slack clears the topic with "".
    const topic = pre?.['topic'] ?? '';
    return {
      ...restoreFields(args, { operation: 'slack.channel.topic.restore', input: { channel }, fields: ['topic'], description: `set the topic of ${channel} back to ${JSON.stringify(topic)}` }),
      expect: { fields: { topic } },
    };
  },
  inverses: {
    'slack.channel.topic.restore': {
      input: restoreInput,
      async run({ channel, values }: RestoreInput, { client }) {
        const answer = await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic: values.topic ?? '' }));
        // Slack answers with the channel as it now is (without its topic, it says nothing: read it).
        return typeof answer.channel?.topic?.value === 'string' ? { observed: channelFields(answer.channel) } : undefined;
      },
    },
  },
});
