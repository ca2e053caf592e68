// slack.reaction.add (reactions.add). Inverse: reactions.remove of the bot's own reaction; when the bot
// had already reacted there is nothing to undo (pre and post agree, so rollback leaves it). Slack lists
// the reaction under the emoji's canonical name (`thumbsup` as `+1`, see emoji-names.ts): the reaction
// is named, read and looked up by that name, and removed by the name Slack took on adding it. A name
// that is no standard emoji's may be a workspace's own alias (`pp` for partyparrot): the emoji Slack
// lists it under is asked of emoji.list as it is added and kept (`listed_as`), so the rollback reads and
// removes it by that name even once the workspace deleted the alias (the name alone would then find
// nothing, and the reaction would read as gone while it stays).
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { restoreFields } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { canonicalEmojiName, isKnownStandardName } from '../emoji-names.js';
import { messageRef, reactionRef } from '../resources.js';
import { readReaction } from '../snapshots.js';
import { isSlackError, slackCall } from '../slack-errors.js';
import { tolerating, when } from '../compensations.js';
import { conversationId, restored } from '../compensation-inputs.js';
import { channelId, messageTs } from './inputs.js';

/** An emoji's name without colons, and a skin tone after it as reactions.add documents (`wave::skin-tone-3`). */
const EMOJI_NAME = /^[^:\s]+(::skin-tone-[2-6])?$/;

const input = z.strictObject({
  channel: channelId,
  timestamp: messageTs.describe('The ts of the message to react to, e.g. "1700000000.000100".'),
  name: z
    .string()
    .min(1)
    .regex(EMOJI_NAME, 'an emoji name without colons, e.g. thumbsup, or with a skin tone, e.g. wave::skin-tone-3')
    .describe('The emoji\'s name without colons, e.g. "thumbsup" or "white_check_mark"; a skin tone after it as "wave::skin-tone-3".'),
});
type Input = z.infer<typeof input>;

/** What `slack.reaction.remove` names: the bot's reaction on one message, and (added by the engine) whether it was there before. */
const removeInput = z
  .object({
    channel: conversationId,
    timestamp: messageTs,
    name: z.string().min(1).regex(EMOJI_NAME),
    /** Slack answered already_reacted where the read before the call found no such reaction of the bot's. */
    answeredAlreadyThere: z.literal(true).optional(),
    /** The emoji Slack lists it under, where the name was a workspace's alias of it (absent from older journals). */
    listed_as: z.string().min(1).regex(EMOJI_NAME).optional(),
    values: restored({ reacted: z.boolean().nullable() }),
  })
  .strict();

/** Slack's answer to a reaction, and whether it was there already. */
export interface Reacted {
  ok: true;
  already_reacted?: true;
  /** The emoji Slack lists the reaction under, where the name given is a workspace's alias of it. */
  listed_as?: string;
}

/**
 * The emoji a workspace alias stands for, where `name` is no standard emoji's and the workspace lists it
 * as an alias (one emoji.list, shared a minute per adapter); undefined otherwise, or where the workspace's
 * emoji cannot be read (no emoji:read: the rollback's reads follow the alias then, as long as it exists).
 * Asked after the write landed: its failure never fails the call.
 */
async function listedAs(client: SlackConnection, name: string): Promise<{ listed_as?: string }> {
  if (isKnownStandardName(canonicalEmojiName(name))) return {};
  const listed = await client.emoji.listedName(name).catch(() => undefined);
  return listed !== undefined && listed !== canonicalEmojiName(name) ? { listed_as: listed } : {};
}

export const reactionAdd = defineSlackAction({
  name: 'slack.reaction.add',
  reversibility: 'reversible',
  description: 'Add an emoji reaction to a message (reactions.add); undone by removing the bot’s reaction',
  input,
  minimumRequests: 2,
  target: ({ channel, timestamp, name }) => reactionRef(channel, timestamp, name),
  snapshot: ({ channel, timestamp, name }, { client }) => readReaction(client, channel, timestamp, name),
  async execute(args, { client }): Promise<Reacted> {
    try {
      await slackCall('reactions.add', true, () => client.web.reactions.add(args));
    } catch (error) {
      // The reaction the agent wanted is there: the call's purpose holds, and the inverse must not remove it.
      if (isSlackError(error, 'already_reacted')) return { ok: true, already_reacted: true, ...(await listedAs(client, args.name)) };
      throw error;
    }
    return { ok: true, ...(await listedAs(client, args.name)) };
  },
  // By the workspace's aliases too (emoji.list asked only where the name alone finds nothing and the bot
  // has some reaction there): a reaction added as `pp` is listed as `partyparrot`, and a lookup reading
  // it as not there would settle the call "never landed" while it stays. Refused, the outcome stays unknown.
  lookup: async ({ channel, timestamp, name }, { client }): Promise<Reacted | undefined> => ((await readReaction(client, channel, timestamp, name, 'workspace'))?.['reacted'] ? { ok: true, ...(await listedAs(client, name)) } : undefined),
  // Under the emoji Slack lists it by, where that is known to differ from the name given.
  resource: ({ channel, timestamp, name }, result) => reactionRef(channel, timestamp, result.listed_as ?? name),
  // The bot's reaction is there now (it was, if Slack said already_reacted); nobody else's changed.
  post: (_args, _result, pre) => ({ reacted: true, others: pre?.['others'] ?? [], ...(typeof pre?.['key'] === 'string' ? { key: pre['key'] } : {}) }),
  compensation: (args) => {
    const { channel, timestamp, name } = args.input;
    // Slack found the bot's reaction there though the read before the call did not: this call's own
    // earlier attempt, or, by a workspace alias the read could not follow, one older than the session.
    const reacted = args.result as Reacted | undefined;
    const answeredAlreadyThere = reacted?.already_reacted === true && args.pre?.['reacted'] !== true;
    return {
      ...restoreFields(args, {
        operation: 'slack.reaction.remove',
        input: { channel, timestamp, name, ...(answeredAlreadyThere ? { answeredAlreadyThere } : {}), ...(reacted?.listed_as ? { listed_as: reacted.listed_as } : {}) },
        fields: ['reacted'],
        dependsOn: [messageRef(channel, timestamp)],
        description: `remove the bot's :${name}: from message ${timestamp} in ${channel}`,
      }),
      // The bot's reaction off: the step runs only where it was not there before, and a pre-state the
      // message could not be read for holds nothing to expect it from.
      expect: { fields: { reacted: false } },
      // Undone, the bot's reaction is off: not on the message any more (a posted scheduled message lists it).
      retires: true,
      // On a message Slack posted from an agent's scheduled one (its hidden key), that schedule made the
      // message: its rollback keeps it whole for this reaction, and this undo finishes it (owed undos).
      ...(typeof args.pre?.['key'] === 'string' ? { madeBy: args.pre['key'] } : {}),
    };
  },
  inverses: {
    'slack.reaction.remove': {
      input: removeInput,
      // Removed, or not there (`no_reaction`): the bot's reaction is off the message.
      run: async ({ channel, timestamp, name, answeredAlreadyThere, listed_as }: z.infer<typeof removeInput>, { client }) => {
        // By a workspace alias (emoji.list asked only on this path, unless kept when added), the reaction Slack found may be older than the session.
        const listed = answeredAlreadyThere ? (listed_as ?? (await client.emoji.listedName(name))) : undefined;
        if (listed !== undefined && listed !== canonicalEmojiName(name)) {
          return { keptBecause: `Slack answered that the bot already had :${name}: (the workspace's alias of :${listed}:) when the agent added it, which the read before the call could not see by the alias: the bot's :${listed}: may be older than the session, so it is left` };
        }
        return when(await tolerating(['no_reaction', 'message_not_found'], () => slackCall('reactions.remove', true, () => client.web.reactions.remove({ channel, timestamp, name: listed_as ?? name }))), ['ok', 'no_reaction'], { reacted: false });
      },
    },
  },
});
