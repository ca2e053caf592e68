// slack.message.post (chat.postMessage). Inverse: delete the message; once others replied or reacted,
// correct it instead (replace its text, or reply in its thread) unless the rollback is forced.
import { z } from 'zod';
import { defineSlackAction } from './define-action.js';
import { guardedUndo, type Compensation, type CompensationArgs, type Snapshot } from '@backspace/core';
import { nullWhenGone } from '@backspace/core/adapter-kit';
import type { SlackConnection } from '../connection.js';
import { DEFAULT_CORRECTION_TEXT } from '../connection.js';
import { everyPage, findAround, findInThread, type Around } from '../history-search.js';
import { keyInMetadata, metadataWithKey } from '../marker.js';
import { messageRef, type SlackMessage } from '../resources.js';
import { contentDigest, readPin, snapshotOf } from '../snapshots.js';
import { correctMessage, deleteMessage, says } from '../compensations.js';
import { conversationId, correctionStyle, digest } from '../compensation-inputs.js';
import { slackCall, slackGone } from '../slack-errors.js';
import { channelId, hasContent, messageContent, messageTs, metadata } from './inputs.js';

/**
 * Where a lookup looks for this attempt's message, around the moment it was attempted, newest first:
 * Slack's clock may be minutes off ours (a window reaching far back costs pages only when nothing is
 * found), and a request may land a while after it was sent.
 */
const ATTEMPT_AROUND: Around = { before: 900, near: 300, after: 3600 };
/** Without that moment (journals from before it was kept), how many pages of the newest messages. */
const LOOKUP_PAGES = 5;

const input = z
  .strictObject({
    channel: channelId,
    ...messageContent,
    thread_ts: messageTs.optional().describe('To reply in a thread: the ts of the thread\'s first message, e.g. "1700000000.000100". Leave out to post in the channel.'),
    reply_broadcast: z.boolean().optional().describe('With thread_ts: true to also show the reply in the channel. Default false.'),
    metadata: metadata.optional(),
    unfurl_links: z.boolean().optional().describe('false to stop Slack previewing links to web pages in the text.'),
    unfurl_media: z.boolean().optional().describe('false to stop Slack previewing links to images and videos in the text.'),
    mrkdwn: z.boolean().optional().describe('false to show text literally, without mrkdwn formatting. Default true.'),
  })
  .refine(hasContent, { message: 'give text, blocks or attachments' });

type Input = z.infer<typeof input>;
export interface PostResult {
  ok: true;
  channel: string;
  ts: string;
  message: SlackMessage;
}

/** What a correction leaves, in the words of a residue line: never someone else's text replaced. */
export function correctionResidue(style: string): string {
  if (style === 'thread-reply') return 'stays with a correction (a reply in its thread)';
  return "stays with a correction: its text replaced while it is still the agent's; once someone else edited it, their text is kept and the correction is a reply in its thread";
}

/** What `slack.message.delete` names: one message, by channel and ts. */
const deleteInput = z.object({ channel: conversationId, ts: messageTs }).strict();
/** What `slack.message.correct` names: the message, how to correct it and (absent from older journals) what the agent left. */
const correctInput = z.object({ channel: conversationId, ts: messageTs, style: correctionStyle, agent_content: digest.optional() }).strict();

/**
 * Delete while nobody built on it; correct (the gentler inverse) once someone replied or reacted. Its
 * replies are its contents: the session's own replies, undone first by the same rollback, do not
 * count, a person's or another session's do. A reply (`threadTs`) is undone before its parent. No
 * pre-state: the snapshot only dates the attempt.
 */
function retractMessage(args: CompensationArgs<Input, PostResult>, style: string): Compensation {
  const { input: { thread_ts: threadTs }, result, post } = args;
  const channel = result.channel ?? args.input.channel;
  const { ts } = result;
  const posted = { ...args, pre: null };
  return guardedUndo(posted, {
    operation: 'slack.message.delete',
    input: { channel, ts },
    fields: ['text', 'blocks', 'reactions_by_others', 'pinned_by_others'],
    contents: 'replies',
    ...(threadTs && threadTs !== ts ? { dependsOn: [messageRef(channel, threadTs)] } : {}),
    expect: { absent: true },
    description: `delete message ${ts} in ${channel}`,
    residue: `message ${ts} in ${channel} is deleted; people in the channel may have seen it or been notified before`,
    gentler: guardedUndo(posted, {
      operation: 'slack.message.correct',
      // What the agent left, as a digest: the correction replaces the text only while it still says that.
      input: { channel, ts, style, ...(post ? { agent_content: contentDigest(post) } : {}) },
      fields: [],
      expect: { fields: { corrected: true } },
      description: `correct message ${ts} in ${channel} instead of deleting it (others replied, reacted, pinned or edited it)`,
      residue: `message ${ts} in ${channel} ${correctionResidue(style)}; the replies and reactions others added remain`,
    }),
  });
}

/**
 * The message found by its key, as the write posted it: with no reactions (any on it now are others',
 * so the rollback keeps it, corrected, rather than deleting it under them). Once someone edited it (Slack
 * marks it `edited`), what it says now is theirs, not the agent's: what the agent sent stands in for it,
 * so the rollback sees the edit as another's work too.
 */
function asPosted(found: SlackMessage, args: Input): SlackMessage {
  const { reactions: _reactions, ...posted } = found;
  if (!posted.edited) return posted;
  const { edited: _edited, ...rest } = posted;
  return { ...rest, text: args.text ?? '', blocks: (args.blocks ?? []) as SlackMessage['blocks'], attachments: (args.attachments ?? []) as SlackMessage['attachments'] };
}

/**
 * The bot's pin and reactions still on the message when its delete runs, where the reading it was
 * planned on (`pre`) saw any: this session's own are taken off before it (their steps depend on the
 * message), so what is left is another session's work on the same bot token, which Slack cannot tell
 * from this one's, or the bot's outside any session. Read again only then: one pins.list, one reactions.get.
 */
async function botMarksLeft(connection: SlackConnection, channel: string, ts: string, pre: Snapshot | null | undefined): Promise<string | undefined> {
  const left: string[] = [];
  if (pre?.['pinned_by_bot'] === true && (await readPin(connection, channel, ts))?.['pinned'] === true) left.push('pinned');
  const names = pre?.['reactions_by_bot'];
  if (Array.isArray(names) && names.length > 0) {
    const message = await nullWhenGone(async () => (await slackCall('reactions.get', false, () => connection.web.reactions.get({ channel, timestamp: ts, full: true }))).message as SlackMessage | undefined, slackGone('message_not_found'));
    const bot = await connection.botUserId();
    const reacted = (message?.reactions ?? []).filter((reaction) => reaction.users?.includes(bot)).map((reaction) => `:${reaction.name}:`);
    if (reacted.length > 0) left.push(`reacted to by the bot (${reacted.join(' ')})`);
  }
  return left.length > 0 ? left.join(' and ') : undefined;
}

export const messagePost = defineSlackAction({
  name: 'slack.message.post',
  reversibility: 'compensatable',
  description: 'Post a message (chat.postMessage); undone by deleting it, or correcting it once others replied or reacted',
  modelDescription:
    'Use this to post a message in a Slack channel or direct message, or to reply in a thread (thread_ts). People see it and may be notified at once. It can be undone if this session is rolled back: deleted, or corrected instead once others replied or reacted to it.',
  input,
  // What the message says is not needed once it is posted: the lookup finds it by the key in its
  // metadata, the inverse names it by channel and ts and compares its content by the post-state (built
  // from Slack's answer before redaction). Reconciled from the journal after a crash, a message someone
  // edited stands in for the agent's as "[redacted]", which still differs from their text: their edit
  // is kept (corrected, not deleted). A retried call with the same key gets the answer back redacted.
  sensitive: { input: ['text', 'blocks', 'attachments'], result: ['message.text', 'message.blocks', 'message.attachments'] },
  minimumRequests: 1,
  // No request: the moment before the attempt, which bounds where a lookup looks for its message.
  snapshot: async (_args, { clock }) => ({ attempted_at: Math.floor(clock.now() / 1000) }),
  async execute(args, { client, idempotencyKey }): Promise<PostResult> {
    const answer = await slackCall('chat.postMessage', true, () =>
      client.web.chat.postMessage({ ...args, metadata: metadataWithKey(args.metadata, idempotencyKey) } as never),
    );
    const message = { ts: String(answer.ts), ...(answer.message as SlackMessage) };
    client.messages.learn(String(answer.channel), message);
    return { ok: true, channel: String(answer.channel), ts: String(answer.ts), message };
  },
  // Only the message carrying this attempt's key, never an identical one: in its thread, or around the
  // moment it was attempted (a lost answer is looked up right away, or when a crashed agent's write is reconciled).
  async lookup(args, { client, idempotencyKey, pre }): Promise<PostResult | undefined> {
    const { channel, thread_ts } = args;
    const mine = (message: SlackMessage) => keyInMetadata(message.metadata) === idempotencyKey;
    const attemptedAt = typeof pre?.['attempted_at'] === 'number' ? pre['attempted_at'] : undefined;
    const found = thread_ts
      ? await findInThread(client, channel, thread_ts, mine)
      : attemptedAt !== undefined
        ? await findAround(client, channel, attemptedAt, ATTEMPT_AROUND, mine)
        : await everyPage((cursor) => client.history({ channel, ...(cursor ? { cursor } : {}) }), mine, LOOKUP_PAGES);
    return found ? { ok: true, channel, ts: found.ts!, message: asPosted(found, args) } : undefined;
  },
  resource: ({ channel }, result) => messageRef(result.channel ?? channel, result.ts),
  // From Slack's answer: the message as posted (the bot is its author), with nobody's replies or reactions yet.
  post: ({ channel }, result) => snapshotOf(result.channel ?? channel, result.message, [], result.message.user ?? '', DEFAULT_CORRECTION_TEXT),
  compensation: (args) => retractMessage(args, 'replace'),
  inverses: {
    'slack.message.delete': {
      input: deleteInput,
      async run({ channel, ts }: z.infer<typeof deleteInput>, { client, pre }) {
        const left = await botMarksLeft(client, channel, ts, pre);
        return left ? { keptBecause: `message ${ts} in ${channel} is still ${left} once this session's own pin and reactions were taken off (another session's on the same bot token): deleting it would take that with it` } : deleteMessage(client, channel, ts);
      },
    },
    'slack.message.correct': {
      input: correctInput,
      // `agent_content` is absent from journals written before it was staged: those correct by a reply.
      run: ({ channel, ts, style, agent_content }: z.infer<typeof correctInput>, { client }) => correctMessage(client, channel, ts, style, says(agent_content, 'content')),
    },
  },
});
