// slack.channel.create (conversations.create). Inverse: conversations.archive; Slack deletes no channel
// through the API, so the name stays taken and the (empty) history stays readable: compensatable.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { guardedUndo } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { channelRef } from '../resources.js';
import { MESSAGES_BY_OTHERS, readChannel, TALK_BY_OTHERS } from '../snapshots.js';
import { slackCall } from '../slack-errors.js';
import { tolerating, when } from '../compensations.js';
import { conversationId } from '../compensation-inputs.js';

const input = z.strictObject({
  name: z.string().min(1).describe('The new channel\'s name without #: lowercase letters, digits, hyphens and underscores, at most 80 characters, e.g. "incident-2026-12-03".'),
  is_private: z.boolean().optional().describe('true for a private channel only invited members see. Default false (public).'),
  team_id: z.string().optional().describe('Only on an Enterprise Grid org: the id of the workspace to create it in, e.g. "T0123456789". Leave out otherwise.'),
});
type Input = z.infer<typeof input>;

/** What `slack.channel.archive` names: one channel, by its id. */
const archiveInput = z.object({ channel: conversationId }).strict();
export interface ChannelResult {
  ok: true;
  channel: { id: string; name: string; is_private: boolean; topic?: string };
  /** Found again by a lookup: the messages others had written in it by then, and their names. */
  messages_by_others?: number;
  talk_by_others?: string[];
}

export const channelCreate = defineSlackAction({
  name: 'slack.channel.create',
  reversibility: 'compensatable',
  description: 'Create a channel (conversations.create); undone by archiving it, its name stays taken',
  input,
  minimumRequests: 1,
  async execute(args, { client }): Promise<ChannelResult> {
    const answer = await slackCall('conversations.create', true, () => client.web.conversations.create(args));
    const channel = answer.channel!;
    return { ok: true, channel: { id: String(channel.id), name: String(channel.name), is_private: channel.is_private ?? false, topic: channel.topic?.value ?? '' } };
  },
  // Channel names are unique in a workspace: the name is the key. One the bot created is this call's.
  async lookup({ name }, { client }): Promise<ChannelResult | undefined> {
    const bot = await client.botUserId();
    const listed = await slackCall('conversations.list', false, () => client.web.conversations.list({ types: 'public_channel,private_channel', limit: 1000 }));
    const found = listed.channels?.find((channel) => channel.name === name && channel.creator === bot);
    if (!found) return undefined;
    const messages = await readChannel(client, String(found.id));
    return { ok: true, channel: { id: String(found.id), name, is_private: found.is_private ?? false, topic: found.topic?.value ?? '' }, ...(messages ? { messages_by_others: Number(messages['messages_by_others']), talk_by_others: (messages[TALK_BY_OTHERS] as string[] | undefined) ?? [] } : {}) };
  },
  resource: (_args, result) => channelRef(result.channel.id),
  // From Slack's answer: a new channel holds no one's messages (one found again later, what it held then).
  post: (_args, { channel, messages_by_others, talk_by_others }) => ({ name: channel.name, is_private: channel.is_private, is_archived: false, topic: channel.topic ?? '', messages_by_others: messages_by_others ?? 0, [TALK_BY_OTHERS]: talk_by_others ?? [] }),
  compensation: (args) => {
    const { channel } = args.result;
    // The channel did not exist before: no pre-state.
    return guardedUndo({ ...args, pre: null }, {
      operation: 'slack.channel.archive',
      input: { channel: channel.id },
      fields: [MESSAGES_BY_OTHERS],
      // Others' talk is inside it: read again just before archiving (core's removal recheck), not only when planned.
      contents: TALK_BY_OTHERS,
      // Archiving takes it out of use; Slack deletes no channel through the API.
      retires: true,
      expect: { fields: { is_archived: true } },
      description: `archive channel #${channel.name} (${channel.id})`,
      residue: `channel #${channel.name} is archived, not deleted: its name stays taken`,
    });
  },
  inverses: {
    'slack.channel.archive': {
      input: archiveInput,
      run: async ({ channel }: z.infer<typeof archiveInput>, { client }) =>
        when(await tolerating(['already_archived'], () => slackCall('conversations.archive', true, () => client.web.conversations.archive({ channel }))), ['ok', 'already_archived'], { is_archived: true }),
    },
  },
});
