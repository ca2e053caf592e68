// What the inverses share: how a write whose "already done" errors count as done is reported, deleting a
// message, and correcting one instead. Every compensation operation is declared beside the action that
// stages it (`inverses`). Each is safe to run twice: undoing what is already undone (a deleted message,
// a removed reaction, an archived channel) counts as done. Each answers with the state Slack's own
// answer shows (a message deleted, a reaction removed, the topic as set), which the rollback verifies
// instead of reading again; where Slack's answer shows nothing, it reads.
import type { CompensationReport, ProviderError, Snapshot } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import type { SlackMessage } from './message-reader.js';
import { CORRECTION_EVENT, hiddenMarker, withoutMarker } from './marker.js';
import { answeredContent, contentDigest, contentOf, correctionOf, threadReplies } from './snapshots.js';
import { isSlackError, slackCall } from './slack-errors.js';

export type Report = CompensationReport | undefined;

/** Runs a write whose listed errors mean it is done already; what Slack answered: `ok`, or that error. */
export async function tolerating(codes: string[], write: () => Promise<unknown>): Promise<string> {
  try {
    await write();
    return 'ok';
  } catch (error) {
    if (!isSlackError(error, ...codes)) throw error;
    return (error as ProviderError).providerCode!;
  }
}

/** The state `observed`, when Slack's answer is one that says so; otherwise nothing (the rollback reads). */
export const when = (answer: string, saying: string[], observed: Snapshot | null): Report => (saying.includes(answer) ? { observed } : undefined);

/**
 * Slack answers channel_not_found alike for a deleted channel and for a private channel the bot was
 * taken out of (/remove, conversations.kick), whose messages, reactions and pins everyone in it still
 * sees. The bot cannot tell the two apart, so no read or inverse here takes it for "gone": it fails,
 * and the rollback says the step could not be reached instead of reporting it undone.
 */
export const CHANNEL_HIDDEN = 'channel_not_found';

/** Deleted, or gone already (`message_not_found`, which a deleted parent's placeholder also answers): absent. */
export const deleteMessage = async (connection: SlackConnection, channel: string, ts: string): Promise<Report> =>
  when(await tolerating(['message_not_found'], () => slackCall('chat.delete', true, () => connection.web.chat.delete({ channel, ts }))), ['ok', 'message_not_found'], null);

const CORRECTED: CompensationReport = { observed: { corrected: true } };

/**
 * Whether a message still says what the agent left, by the digest staged with its inverse: of its
 * whole content (a post, from Slack's answer), or of its visible text (a scheduled message, whose
 * blocks Slack rewrites on posting). Journals from before the digest was staged give none: never assumed.
 */
export const says = (digest: string | undefined, what: 'content' | 'text') => (message: SlackMessage) =>
  digest !== undefined && contentDigest(what === 'content' ? contentOf(message) : { text: contentOf(message).text }) === digest;

/**
 * Replaces the text with the correction, or replies in the thread with it: the rollback's adapter
 * decides. The text is replaced only while the message still says what the agent left (`agents`):
 * another session on the same bot token, or the agent's own edit this rollback could not undo, may
 * have written it since, and a correction never overwrites that; it replies instead. A posted
 * scheduled message keeps the key hidden in its text (`key`), which finds it.
 */
export async function correctMessage(connection: SlackConnection, channel: string, ts: string, stagedStyle: string, agents: (message: SlackMessage) => boolean, key?: string): Promise<Report> {
  const text = connection.correction.text;
  const found = await connection.messages.find(channel, ts);
  if (!found) return;
  if ((connection.correction.style ?? stagedStyle) !== 'thread-reply') {
    // Corrected by an earlier run of this rollback (it crashed before recording it).
    if (withoutMarker(found.message.text ?? '') === text) return CORRECTED;
    if (agents(found.message)) {
      const corrected = key ? text + hiddenMarker(key) : text;
      const answer = await slackCall('chat.update', true, () => connection.web.chat.update({ channel, ts, text: corrected, blocks: [], attachments: [] }));
      return answeredContent(answer.message as SlackMessage | undefined)?.text === text ? CORRECTED : undefined;
    }
  }
  // Slack threads only under a top-level message: a reply is corrected in the thread it sits in.
  const thread = found.message.thread_ts ?? ts;
  // A thread that cannot be read is not an empty one: posting then could correct it twice (the retry
  // after a lost answer would not see the first correction). Only a thread Slack says is not there is.
  const replies = await threadReplies(connection, channel, thread).catch((error: unknown) => {
    if (isSlackError(error, 'thread_not_found', 'message_not_found')) return [];
    throw error;
  });
  // Only a correction naming this message: the thread of the agent's message also holds the corrections
  // of the agent's replies under it, which say nothing about the message itself.
  if (replies.some((reply) => correctionOf(reply, thread) === ts)) return CORRECTED;
  // Slack's answer is the reply posted in the thread: the message now has its correction.
  await slackCall('chat.postMessage', true, () =>
    connection.web.chat.postMessage({ channel, thread_ts: thread, text, metadata: { event_type: CORRECTION_EVENT, event_payload: { corrects: ts } } }),
  );
  return CORRECTED;
}
