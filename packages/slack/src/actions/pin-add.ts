// slack.pin.add (pins.add). Inverse: pins.remove, unless it was already pinned or someone pinned it again since.
import { z } from 'zod';
import { defineAction } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { messageRef, pinRef, readPin } from '../resources.js';
import { isSlackError, slackCall } from '../slack-errors.js';
import { channelId, messageTs } from './inputs.js';

const input = z.object({ channel: channelId, timestamp: messageTs });
type Input = z.infer<typeof input>;

export const pinAdd = defineAction<Input, { ok: true; already_pinned?: true }, SlackConnection>({
  name: 'slack.pin.add',
  reversibility: 'reversible',
  description: 'Pin a message to its channel (pins.add); undone by unpinning it',
  input,
  target: ({ channel, timestamp }) => pinRef(channel, timestamp),
  snapshot: ({ channel, timestamp }, { client }) => readPin(client, channel, timestamp),
  async execute(args, { client }) {
    try {
      await slackCall('pins.add', true, () => client.web.pins.add(args));
      return { ok: true };
    } catch (error) {
      if (isSlackError(error, 'already_pinned')) return { ok: true, already_pinned: true };
      throw error;
    }
  },
  lookup: async ({ channel, timestamp }, { client }) => ((await readPin(client, channel, timestamp))?.['pinned'] ? { ok: true } : undefined),
  resource: ({ channel, timestamp }) => pinRef(channel, timestamp),
  compensation: ({ input: { channel, timestamp }, resource, pre, post }) => ({
    operation: 'slack.pin.remove',
    resource,
    input: { channel, timestamp },
    strategy: 'restore-fields',
    fields: ['pinned_by'],
    pre,
    post,
    expect: { fields: { pinned: false, pinned_by: null } },
    dependsOn: [messageRef(channel, timestamp)],
    description: `unpin message ${timestamp} in ${channel}`,
  }),
});
