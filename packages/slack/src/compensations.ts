// The inverse operations compensations name. Each is safe to run twice: undoing what is already undone
// (a deleted message, a removed reaction, an archived channel) counts as done. Each answers with the
// state Slack's own answer shows (a message deleted, a reaction removed, the topic as set), which the
// rollback verifies instead of reading again; where Slack's answer shows nothing, it reads.
import { BackspaceError, type CompensationOperation, type CompensationReport, type ProviderError, type Snapshot } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import { postedForDelete, postedTsByMarker } from './history-search.js';
import type { SlackMessage } from './message-reader.js';
import { CORRECTION_EVENT, hiddenMarker, keyInText, withoutMarker } from './marker.js';
import { answeredContent, channelFields, contentDigest, contentOf, fetchMessage, threadReplies } from './snapshots.js';
import { isSlackError, slackCall } from './slack-errors.js';
import { textKeepingKey } from './actions/message-update.js';
import { slackCompensationInputs as inputs } from './compensation-inputs.js';

type Operation = CompensationOperation<SlackConnection>;
type Report = CompensationReport | undefined;

/** Runs a write whose listed errors mean it is done already; what Slack answered: `ok`, or that error. */
async function tolerating(codes: string[], write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
    return 'ok';
  } catch (error) {
    if (!isSlackError(error, ...codes)) throw error;
    return (error as ProviderError).providerCode!;
  }
}

/** The state `observed`, when Slack's answer is one that says so; otherwise nothing (the rollback reads). */
const when = (answer: string, saying: string[], observed: Snapshot | null): Report => (saying.includes(answer) ? { observed } : undefined);

/** Deleted, or gone already (`message_not_found`, which a deleted parent's placeholder also answers): absent. */
const deleteMessage = async (connection: SlackConnection, channel: string, ts: string): Promise<Report> =>
  when(await tolerating(['message_not_found', 'channel_not_found'], () => slackCall('chat.delete', true, () => connection.web.chat.delete({ channel, ts }))), ['ok', 'message_not_found'], null);

const CORRECTED: CompensationReport = { observed: { corrected: true } };

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
async function correctMessage(connection: SlackConnection, channel: string, ts: string, stagedStyle: string, agents: (message: SlackMessage) => boolean, key?: string): Promise<Report> {
  const text = connection.correction.text;
  if ((connection.correction.style ?? stagedStyle) !== 'thread-reply') {
    const found = await connection.messages.find(channel, ts);
    if (!found) return;
    // Corrected by an earlier run of this rollback (it crashed before recording it).
    if (withoutMarker(found.message.text ?? '') === text) return CORRECTED;
    if (agents(found.message)) {
      const corrected = key ? text + hiddenMarker(key) : text;
      const answer = await slackCall('chat.update', true, () => connection.web.chat.update({ channel, ts, text: corrected, blocks: [], attachments: [] }));
      return answeredContent(answer.message as SlackMessage | undefined)?.text === text ? CORRECTED : undefined;
    }
  }
  const replies = await threadReplies(connection, channel, ts).catch(() => []);
  if (replies.some((reply) => (reply.metadata as { event_type?: string } | undefined)?.event_type === CORRECTION_EVENT)) return CORRECTED;
  // Slack's answer is the reply posted in the thread: the message now has its correction.
  await slackCall('chat.postMessage', true, () =>
    connection.web.chat.postMessage({ channel, thread_ts: ts, text, metadata: { event_type: CORRECTION_EVENT, event_payload: { corrects: ts } } }),
  );
  return CORRECTED;
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
        const answer = await slackCall('chat.update', true, () =>
          client.web.chat.update({
            channel,
            ts,
            text,
            ...(values.blocks !== undefined ? { blocks: values.blocks as never } : {}),
            ...(values.attachments !== undefined ? { attachments: values.attachments as never } : {}),
            ...metadata,
          } as never),
        );
        // The content as Slack's answer shows it; a field it leaves out is read.
        const observed = answeredContent(answer.message as SlackMessage | undefined);
        return observed ? { observed } : undefined;
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
        return deleteMessage(client, channel, posted.ts);
      },
    },
    'slack.scheduled.correct': {
      input: inputs['slack.scheduled.correct'],
      async run({ channel, key, style, agent_text, post_at, thread_ts }: ScheduledInput & { style: string }, { client }) {
        const posted = await postedTsByMarker(client, channel, key, { postAt: post_at, threadTs: thread_ts });
        return posted ? correctMessage(client, channel, posted, style, says(agent_text, 'text'), key) : undefined;
      },
    },
    'slack.reaction.remove': {
      input: inputs['slack.reaction.remove'],
      // Removed, or not there (`no_reaction`): the bot's reaction is off the message.
      run: async ({ channel, timestamp, name }: { channel: string; timestamp: string; name: string }, { client }) =>
        when(await tolerating(['no_reaction', 'message_not_found', 'channel_not_found'], () => slackCall('reactions.remove', true, () => client.web.reactions.remove({ channel, timestamp, name }))), ['ok', 'no_reaction'], { reacted: false }),
    },
    'slack.pin.remove': {
      input: inputs['slack.pin.remove'],
      // Unpinned, or not pinned (`no_pin`): nobody's pin is on the message.
      run: async ({ channel, timestamp }: { channel: string; timestamp: string }, { client }) =>
        when(await tolerating(['no_pin', 'message_not_found', 'channel_not_found'], () => slackCall('pins.remove', true, () => client.web.pins.remove({ channel, timestamp }))), ['ok', 'no_pin'], { pinned: false, pinned_by: null }),
    },
    'slack.channel.archive': {
      input: inputs['slack.channel.archive'],
      run: async ({ channel }: { channel: string }, { client }) =>
        when(await tolerating(['already_archived'], () => slackCall('conversations.archive', true, () => client.web.conversations.archive({ channel }))), ['ok', 'already_archived'], { is_archived: true }),
    },
    'slack.channel.topic.restore': {
      input: inputs['slack.channel.topic.restore'],
      async run({ channel, values }: { channel: string; values: { topic?: string } }, { client }) {
        const answer = await slackCall('conversations.setTopic', true, () => client.web.conversations.setTopic({ channel, topic: values.topic ?? '' }));
        // Slack answers with the channel as it now is (without its topic, it says nothing: read it).
        return typeof answer.channel?.topic?.value === 'string' ? { observed: channelFields(answer.channel) } : undefined;
      },
    },
  };
}
