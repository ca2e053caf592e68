// slack.message.schedule (chat.scheduleMessage). Inverse: chat.deleteScheduledMessage while it waits,
// the exact inverse until its post time; after that Slack has posted it, so the same compensation
// deletes the posted message (found by the key hidden in its text), or corrects it once others replied.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { BackspaceError, guardedUndo, type Compensation, type Snapshot } from '@backspace/core';
import type { SlackConnection } from '../connection.js';
import { hiddenMarker, withoutMarker } from '../marker.js';
import { findPostedByMarker, findScheduledByMarker, othersOnPosted, postedForDelete, postedSnapshot, postedTsByMarker, waitingSnapshot } from '../history-search.js';
import { messageRef, scheduledRef } from '../resources.js';
import { contentDigest } from '../snapshots.js';
import { correctionResidue } from './message-post.js';
import { isSlackError, slackCall } from '../slack-errors.js';
import { correctMessage, deleteMessage, says } from '../compensations.js';
import { conversationId, correctionStyle, digest, hiddenKey } from '../compensation-inputs.js';
import { channelId, hasContent, messageContent, messageTs } from './inputs.js';

const input = z
  .strictObject({
    channel: channelId,
    post_at: z
      .union([z.number().int().positive(), z.string().regex(/^\d+$/).transform(Number)])
      .describe('When to post it, as Unix time in whole seconds (a number, or the same digits as a string), e.g. 1798761600 for 2027-01-01T00:00:00Z; in the future, within 120 days.'),
    ...messageContent,
    thread_ts: messageTs.optional().describe('To post as a thread reply: the ts of the thread\'s first message. Leave out to post in the channel.'),
  })
  .refine(hasContent, { message: 'give text, blocks or attachments' });

type Input = z.infer<typeof input>;
export interface ScheduleResult {
  ok: true;
  channel: string;
  scheduled_message_id: string;
  post_at: number;
  /** The hidden key in its text: once Slack posts it, this is what finds the message. */
  backspace_key: string;
  /** The thread it will post in, where it is looked for once posted. */
  thread_ts?: string;
  /** Found by a lookup after Slack posted it: the message as the lookup read it (its post-state). */
  posted_state?: Snapshot;
}

/**
 * Where a posted scheduled message is found and what it must still say: `post_at` and `thread_ts` are
 * absent in journals written before they were kept, `agent_text` (a digest of the text the agent
 * scheduled) in those before it was.
 */
const scheduledPlace = {
  post_at: z.number().int().positive().optional(),
  thread_ts: messageTs.optional(),
  agent_text: digest.optional(),
};
/** What `slack.scheduled.retract` names: the scheduled message (`posted` once a lookup found it posted), its key and place. */
const retractInput = z
  .object({
    channel: conversationId,
    scheduled_message_id: z.string().regex(/^(Q[A-Z0-9]+|posted)$/, 'a scheduled message id, e.g. Q1298393284'),
    key: hiddenKey,
    exact_until: z.iso.datetime().optional(),
    ...scheduledPlace,
  })
  .strict();
/** What `slack.scheduled.correct` names: the message it became, by its key and place, and how to correct it. */
const correctInput = z.object({ channel: conversationId, key: hiddenKey, style: correctionStyle, ...scheduledPlace }).strict();

/** Its scheduled id is gone once Slack posted it: a write found only as the posted message is named so. */
export const POSTED_ID = 'posted';

export const messageSchedule = defineSlackAction({
  name: 'slack.message.schedule',
  reversibility: 'compensatable',
  description: 'Schedule a message (chat.scheduleMessage); cancelled before its post time, deleted (or corrected) after it',
  reversibleUntil: 'before its post time, when it is cancelled unseen; after it, the posted message is deleted instead',
  input,
  minimumRequests: 1,
  async execute(args, { client, idempotencyKey }): Promise<ScheduleResult> {
    // Slack drops metadata from scheduled messages, so the key rides in the text, invisibly.
    const text = (args.text ?? '') + hiddenMarker(idempotencyKey);
    const answer = await slackCall('chat.scheduleMessage', true, () => client.web.chat.scheduleMessage({ ...args, text } as never));
    const thread = args.thread_ts ? { thread_ts: args.thread_ts } : {};
    return { ok: true, channel: String(answer.channel), scheduled_message_id: String(answer.scheduled_message_id), post_at: Number(answer.post_at), backspace_key: idempotencyKey, ...thread };
  },
  // Only a message carrying this attempt's key: still waiting, or already posted by Slack (a lookup
  // made after its post time, when reconciling a crashed agent's write).
  async lookup({ channel, post_at, thread_ts }, { client, idempotencyKey }): Promise<ScheduleResult | undefined> {
    const thread = thread_ts ? { thread_ts } : {};
    const found = await findScheduledByMarker(client, channel, idempotencyKey);
    if (found?.id) return { ok: true, channel, scheduled_message_id: found.id, post_at: Number(found.post_at), backspace_key: idempotencyKey, ...thread };
    const posted = await findPostedByMarker(client, channel, idempotencyKey, { postAt: post_at, threadTs: thread_ts });
    if (!posted) return undefined;
    // As Slack posted it: replies, reactions, a pin and an edit on it now all came after (see postedSnapshot).
    const { pinned_by_others: _pinnedSince, ...now } = await postedSnapshot(client, channel, posted);
    const asPosted = { ...now, reply_count: 0, replies: [], built_on: [], reactions_by_others: [] };
    return { ok: true, channel, scheduled_message_id: POSTED_ID, post_at, backspace_key: idempotencyKey, ...thread, posted_state: asPosted };
  },
  // What chat.scheduledMessages.list would show: the message waiting, as the agent wrote it.
  post: (args, result) =>
    result.posted_state ?? waitingSnapshot(withoutMarker(args.text ?? ''), result.post_at),
  resource: (_args, result) => scheduledRef(result.channel, result.scheduled_message_id, result.backspace_key, { postAt: result.post_at, threadTs: result.thread_ts }),
  compensation: (args): Compensation => {
    const { input, result } = args;
    const postTime = new Date(result.post_at * 1000).toISOString();
    const key = result.backspace_key;
    // Nothing existed before: the message is the agent's own.
    const scheduled = { ...args, pre: null };
    // Where to find it once posted: at its post time, in its thread; and what it says then, as a digest
    // of its visible text (Slack rewrites blocks on posting): it is deleted or overwritten only while it says that.
    const place = { post_at: result.post_at, ...(result.thread_ts ? { thread_ts: result.thread_ts } : {}), agent_text: contentDigest({ text: withoutMarker(input.text ?? '') }) };
    const retract = guardedUndo(scheduled, {
      operation: 'slack.scheduled.retract',
      input: { channel: result.channel, scheduled_message_id: result.scheduled_message_id, key, exact_until: postTime, ...place },
      fields: ['reactions_by_others', 'pinned_by_others'],
      // Once posted: its replies, and the message itself once edited (see postedSnapshot).
      contents: 'built_on',
      expect: { absent: true },
      description: `cancel scheduled message ${result.scheduled_message_id} in ${result.channel}; once posted, delete the message it became`,
      residue: `if rolled back after ${postTime}, the scheduled message was visible in ${result.channel} until deleted`,
      // A reply in the agent's own thread goes before the message it answers.
      ...(result.thread_ts ? { dependsOn: [messageRef(result.channel, result.thread_ts)] } : {}),
      gentler: guardedUndo(scheduled, {
        operation: 'slack.scheduled.correct',
        input: { channel: result.channel, key, style: 'replace', ...place },
        fields: [],
        expect: { fields: { corrected: true } },
        description: `correct the message scheduled as ${result.scheduled_message_id} instead of deleting it (others replied, reacted, pinned or edited it)`,
        residue: `the message posted from ${result.scheduled_message_id} in ${result.channel} ${correctionResidue('replace')}; others' replies and reactions remain`,
      }),
    });
    // The exact inverse (cancel) holds until the post time; after it, the message it became is deleted.
    return {
      ...retract,
      description: `cancel scheduled message ${result.scheduled_message_id} in ${result.channel} before ${postTime}`,
      reversibleUntil: postTime,
      afterExpiry: { ...retract, description: `delete the message scheduled as ${result.scheduled_message_id}, posted at ${postTime}` },
    };
  },
  inverses: {
    'slack.scheduled.retract': {
      input: retractInput,
      // Before its time: cancel it, the exact inverse. After: Slack has posted it, so delete that message.
      // Once posted, it is deleted only while it says what the agent scheduled: planning cannot see an
      // edit another session made before the agent's own, which undoing the agent's gives back, and
      // core does not order the agent's edit of the posted message (another resource) before this.
      async run({ channel, scheduled_message_id, key, post_at, thread_ts, agent_text }: z.infer<typeof retractInput>, { client }) {
        try {
          await slackCall('chat.deleteScheduledMessage', true, () => client.web.chat.deleteScheduledMessage({ channel, scheduled_message_id }));
          // Cancelled before its time: it will never post.
          return { observed: null };
        } catch (error) {
          if (!isSlackError(error, 'invalid_scheduled_message_id')) throw error;
        }
        const posted = await postedForDelete(client, channel, key, { postAt: post_at, threadTs: thread_ts });
        if (!posted) return;
        if (posted.message && agent_text !== undefined && !says(agent_text, 'text')(posted.message)) {
          throw new BackspaceError(
            'compensation_failed',
            `message ${posted.ts} in ${channel}, posted from scheduled message ${scheduled_message_id}, no longer says what the agent scheduled (another session's edit, or an edit of the agent's not undone before it): left in place, not deleted`,
            { details: { channel, ts: posted.ts } },
          );
        }
        // Read just now (planning saw it waiting, or edited), after a wait on the history tier that
        // people may have filled: what they put on it since keeps it, left in place, nothing changed.
        const others = posted.message ? await othersOnPosted(client, channel, posted.message) : undefined;
        if (others) return { keptBecause: `message ${posted.ts} in ${channel}, posted from scheduled message ${scheduled_message_id}, has ${others}` };
        return deleteMessage(client, channel, posted.ts);
      },
    },
    'slack.scheduled.correct': {
      input: correctInput,
      async run({ channel, key, style, agent_text, post_at, thread_ts }: z.infer<typeof correctInput>, { client }) {
        const posted = await postedTsByMarker(client, channel, key, { postAt: post_at, threadTs: thread_ts });
        return posted ? correctMessage(client, channel, posted, style, says(agent_text, 'text'), key) : undefined;
      },
    },
  },
});

