// slack.message.delete (chat.delete): Slack keeps no deleted message to bring back, so: irreversible.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import type { SlackConnection } from '../connection.js';
import { messageRef } from '../resources.js';
import { fetchMessage, readMessage } from '../snapshots.js';
import { slackCall } from '../slack-errors.js';
import { channelId, messageTs } from './inputs.js';

const input = z.strictObject({ channel: channelId, ts: messageTs.describe('The ts of the message to delete, e.g. "1700000000.000100"; only a message the bot posted.') });
type Input = z.infer<typeof input>;

/** Slack's answer to a deletion. */
export interface Deleted {
  ok: true;
  channel: string;
  ts: string;
}

export const messageDelete = defineSlackAction({
  name: 'slack.message.delete',
  reversibility: 'irreversible',
  description: 'Delete a message the bot posted (chat.delete); nothing can bring it back',
  modelDescription:
    'Use this to remove a message the bot itself posted in Slack, only when it must disappear (e.g. it leaked something). To fix a wrong message, prefer slack.message.update. Deleting cannot be undone, so it may wait for a person to approve it.',
  input,
  minimumRequests: 2,
  target: ({ channel, ts }) => messageRef(channel, ts),
  // Kept in the journal: the only record of what was deleted.
  snapshot: ({ channel, ts }, { client }) => readMessage(client, channel, ts),
  async execute({ channel, ts }, { client }): Promise<Deleted> {
    await slackCall('chat.delete', true, () => client.web.chat.delete({ channel, ts }));
    return { ok: true, channel, ts };
  },
  // A delete whose answer was lost has happened when the message is gone.
  lookup: async ({ channel, ts }, { client }): Promise<Deleted | undefined> => ((await fetchMessage(client, channel, ts)) ? undefined : { ok: true, channel, ts }),
  post: () => null,
  compensation: () => null,
});
