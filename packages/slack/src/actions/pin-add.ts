// slack.pin.add (pins.add). Inverse: pins.remove, unless it was already pinned or someone pinned it again since.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { messageRef, pinRef } from '../resources.js';
import { readPin } from '../snapshots.js';
import { isSlackError, slackCall } from '../slack-errors.js';
import { tolerating, when } from '../compensations.js';
import { conversationId, restored } from '../compensation-inputs.js';
import { channelId, messageTs } from './inputs.js';

const input = z.strictObject({ channel: channelId, timestamp: messageTs.describe('The ts of the message to pin, e.g. "1700000000.000100".') });
type Input = z.infer<typeof input>;

/** What `slack.pin.remove` names: the pin on one message, and (added by the engine) who had pinned it before. */
const removeInput = z.object({ channel: conversationId, timestamp: messageTs, values: restored({ pinned_by: z.string().nullable() }) }).strict();

export interface PinResult {
  ok: true;
  already_pinned?: true;
  /** Who pinned it: the bot, or whoever had already. */
  pinned_by?: string | null;
}

export const pinAdd = defineSlackAction({
  name: 'slack.pin.add',
  reversibility: 'reversible',
  description: 'Pin a message to its channel (pins.add); undone by unpinning it',
  input,
  minimumRequests: 2,
  target: ({ channel, timestamp }) => pinRef(channel, timestamp),
  snapshot: ({ channel, timestamp }, { client }) => readPin(client, channel, timestamp),
  async execute(args, { client, pre }): Promise<PinResult> {
    const bot = await client.botUserId();
    try {
      await slackCall('pins.add', true, () => client.web.pins.add(args));
      return { ok: true, pinned_by: bot };
    } catch (error) {
      if (isSlackError(error, 'already_pinned')) return { ok: true, already_pinned: true, pinned_by: (pre?.['pinned_by'] as string | null | undefined) ?? null };
      throw error;
    }
  },
  // The attempt landed when the bot's pin is there, or when the pin that was there before it still is.
  // A pin someone else made since is theirs: the attempt did not land, and their pin is not adopted.
  async lookup({ channel, timestamp }, { client, pre }): Promise<PinResult | undefined> {
    const pin = await readPin(client, channel, timestamp);
    if (!pin?.['pinned']) return undefined;
    const pinnedBy = (pin['pinned_by'] as string | null) ?? null;
    if (pre?.['pinned'] && pre['pinned_by'] === pinnedBy) return { ok: true, already_pinned: true, pinned_by: pinnedBy };
    return pinnedBy === (await client.botUserId()) ? { ok: true, pinned_by: pinnedBy } : undefined;
  },
  // Pinned now, by the bot (or by whoever had pinned it already).
  post: (_args, result) => ({ pinned: true, pinned_by: result.pinned_by ?? null }),
  compensation: (args) => {
    const { channel, timestamp } = args.input;
    return {
      ...restoreFields(args, { operation: 'slack.pin.remove', input: { channel, timestamp }, fields: ['pinned_by'], dependsOn: [messageRef(channel, timestamp)], description: `unpin message ${timestamp} in ${channel}` }),
      // Unpinned altogether (pins.remove takes off whoever's pin is there): the step runs only where
      // nobody had pinned it before, since pre and post agree otherwise.
      expect: { fields: { pinned: false, pinned_by: null } },
      // Undone, the pin is off: not inside the message any more (a posted scheduled message lists it).
      retires: true,
    };
  },
  inverses: {
    'slack.pin.remove': {
      input: removeInput,
      // Unpinned, or not pinned (`no_pin`): nobody's pin is on the message.
      run: async ({ channel, timestamp }: z.infer<typeof removeInput>, { client }) =>
        when(await tolerating(['no_pin', 'message_not_found'], () => slackCall('pins.remove', true, () => client.web.pins.remove({ channel, timestamp }))), ['ok', 'no_pin'], { pinned: false, pinned_by: null }),
    },
  },
});
