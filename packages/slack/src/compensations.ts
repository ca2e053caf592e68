// The inverse operations compensations name. Each is safe to run twice: undoing what is already undone
// (a deleted message, a removed reaction, an archived channel) counts as done.
import { BackspaceError, type CompensationOperation } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import { postedForDelete, postedTsByMarker } from './history-search.js';
import type { SlackMessage } from './message-reader.js';
import { CORRECTION_EVENT, hiddenMarker, keyInText, withoutMarker } from './marker.js';
import { contentDigest, contentOf, fetchMessage, threadReplies } from './snapshots.js';
import { isSlackError, slackCall } from './slack-errors.js';
import { textKeepingKey } from './actions/message-update.js';
import { slackCompensationInputs as inputs } from './compensation-inputs.js';

type Operation = CompensationOperation<SlackConnection>;

async function tolerating(codes: string[], write: () => Promise<unknown>): Promise<void> {
  try {
    await write();
  } catch (error) {
    if (!isSlackError(error, ...codes)) throw error;
  }
}

const deleteMessage = (connection: SlackConnection, channel: string, ts: string) =>
  tolerating(['message_not_found', 'channel_not_found'], () => slackCall('chat.delete', true, () => connection.web.chat.delete({ channel, ts })));

/**
 * Whether a message still says what the agent left, by the digest staged with its inverse: of its
 * whole content (a post, from Slack's answer), or of its visible text (a scheduled message, whose
 * blocks Slack rewrites on posting). Journals from before the digest was staged give none: never assumed.
 */
const says = (digest: string | undefined, what: 'content' | 'text') => (message: SlackMessage) =>
  digest !== undefined && contentDigest(what === 'content' ? contentOf(message) : { text: contentOf(message).text }) === digest;

/**
 * Replaces the text with the correction, or replies in the thread with it: the rollback's adapter
 * decides. The text is replaced only while the message still says what the agent left (`agents`):
 * another session on the same bot token, or the agent's own edit this rollback could not undo, may
 * have written it since, and a correction never overwrites that; it replies instead. A posted
 * scheduled message keeps the key hidden in its text (`key`), which finds it.
 */
async function correctMessage(connection: SlackConnection, channel: string, ts: string, stagedStyle: string, agents: (message: SlackMessage) => boolean, key?: string): Promise<void> {
  const text = connection.correction.text;
  if ((connection.correction.style ?? stagedStyle) !== 'thread-reply') {
    const found = await connection.messages.find(channel, ts);
    if (!found) return;
    // Corrected by an earlier run of this rollback (it crashed before recording it).
    if (withoutMarker(found.message.text ?? '') === text) return;
    if (agents(found.message)) {
      const corrected = key ? text + hiddenMarker(key) : text;
      await slackCall('chat.update', true, () => connection.web.chat.update({ channel, ts, text: corrected, blocks: [], attachments: [] }));
      return;
    }
  }
  const replies = await threadReplies(connection, channel, ts).catch(() => []);
  if (replies.some((reply) => (reply.metadata as { event_type?: string } | undefined)?.event_type === CORRECTION_EVENT)) return;
  await slackCall('chat.postMessage', true, () =>
    connection.web.chat.postMessage({ channel, thread_ts: ts, text, metadata: { event_type: CORRECTION_EVENT, event_payload: { corrects: ts } } }),
  );
}

/**
 * A scheduled message's compensation input; `post_at` and `thread_ts` are absent in journals written
 * before they were kept, `agent_text` (a digest of the text the agent scheduled) in those before it was.
 */
interface ScheduledInput {
  channel: string;
  key: string;
  post_at?: number;
  thread_ts?: string;
  agent_text?: string;
}

interface RestoreValues {
  text?: string;
  blocks?: unknown[];
  attachments?: unknown[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> } | null;
}

export function slackCompensations(): Record<string, Operation> {
  return {
    'slack.message.delete': {
      input: inputs['slack.message.delete'],
      run: ({ channel, ts }: { channel: string; ts: string }, { client }) => deleteMessage(client, channel, ts),
    },
    'slack.message.correct': {
      input: inputs['slack.message.correct'],
      // `agent_content` is absent from journals written before it was staged: those correct by a reply.
      run: ({ channel, ts, style, agent_content }: { channel: string; ts: string; style: string; agent_content?: string }, { client }) =>
        correctMessage(client, channel, ts, style, says(agent_content, 'content')),
    },
    'slack.message.restore': {
      input: inputs['slack.message.restore'],
      // Restoring the text needs no read: its hidden key (null: none) is staged since the adapter kept
      // it. Older journals, and a restore that leaves the text, read the message for it first.
      async run({ channel, ts, values, key }: { channel: string; ts: string; values: RestoreValues; key?: string | null }, { client }) {
        const current = values.text === undefined || key === undefined ? await fetchMessage(client, channel, ts) : undefined;
        if ((values.text === undefined || key === undefined) && !current) return;
        const hidden = key === undefined ? keyInText(current?.text) : (key ?? undefined);
        const text = values.text !== undefined ? textKeepingKey(hidden, values.text).text : current?.text;
        const metadata = values.metadata ? { metadata: values.metadata } : {};
        await slackCall('chat.update', true, () =>
          client.web.chat.update({
            channel,
            ts,
            text,
            ...(values.blocks !== undefined ? { blocks: values.blocks as never } : {}),
            ...(values.attachments !== undefined ? { attachments: values.attachments as never } : {}),
            ...metadata,
          } as never),
        );
      },
    },
    'slack.scheduled.retract': {
      input: inputs['slack.scheduled.retract'],
      // Before its time: cancel it, the exact inverse. After: Slack has posted it, so delete that message.
      // Once posted, it is deleted only while it says what the agent scheduled: planning cannot see an
      // edit another session made before the agent's own, which undoing the agent's gives back, and
      // core does not order the agent's edit of the posted message (another resource) before this.
      async run({ channel, scheduled_message_id, key, post_at, thread_ts, agent_text }: ScheduledInput & { scheduled_message_id: string }, { client }) {
        try {
          await slackCall('chat.deleteScheduledMessage', true, () => client.web.chat.deleteScheduledMessage({ channel, scheduled_message_id }));
          return;
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
        await deleteMessage(client, channel, posted.ts);
      },
    },
    'slack.scheduled.correct': {
      input: inputs['slack.scheduled.correct'],
      async run({ channel, key, style, agent_text, post_at, thread_ts }: ScheduledInput & { style: string }, { client }) {
        const posted = await postedTsByMarker(client, channel, key, { postAt: post_at, threadTs: thread_ts });
        if (posted) await correctMessage(client, channel, posted, style, says(agent_text, 'text'), key);
      },
    },
    'slack.reaction.remove': {
      input: inputs['slack.reaction.remove'],
      run: ({ channel, timestamp, name }: { channel: string; timestamp: string; name: string }, { client }) =>
        tolerating(['no_reaction', 'message_not_found', 'channel_not_found'], () => slackCall('reactions.remove', true, () => client.web.reactions.remove({ channel, timestamp, name }))),
    },
    'slack.pin.remove': {
      input: inputs['slack.pin.remove'],
      run: ({ channel, timestamp }: { channel: string; timestamp: string }, { client }) =>
        tolerating(['no_pin', 'message_not_found', 'channel_not_found'], () => slackCall('pins.remove', true, () => client.web.pins.remove({ channel, timestamp }))),
    },
    'slack.channel.archive': {
      input: inputs['slack.channel.archive'],
      run: ({ channel }: { channel: string }, { client }) =>
        tolerating(['already_archived'], () => slackCall('conversations.archive', true, () => client.web.conversations.archive({ channel }))),
    },
    'slack.channel.topic.restore': {
      input: inputs['slack.channel.topic.restore'],
      async run({ channel, values }: { channel: string; values: { topic?: string } }, { client }) {
        await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic: values.topic ?? '' }));
      },
    },
  };
}
