// Finding a message by what it carries (a key in its metadata or hidden in its text) when its ts is not
// known: around the time it was written, nearest first, every page of the window (under a
// one-request-a-minute tier a window read nearest first usually costs one request), and in its thread.
import { resourceKey, type Snapshot } from '@backspace/core/adapter-kit';
import type { SlackConnection } from './connection.js';
import { keyInText, withoutMarker } from './marker.js';
import type { SlackMessage } from './message-reader.js';
import { messageRef, pinRef, reactionRef, type PostedPlace } from './resources.js';
import { messageSnapshot, readPin } from './snapshots.js';
import { isSlackError, slackCall } from './slack-errors.js';

type Page = { messages?: unknown[]; has_more?: boolean; response_metadata?: { next_cursor?: string } };

/** Reads page after page until a message matches or the pages end; a thread that no longer exists has none. */
export async function everyPage(read: (cursor?: string) => Promise<Page>, match: (message: SlackMessage) => boolean, maxPages = Infinity): Promise<SlackMessage | undefined> {
  let cursor: string | undefined;
  let pages = 0;
  do {
    pages += 1;
    let page: Page;
    try {
      page = await read(cursor);
    } catch (error) {
      if (isSlackError(error, 'thread_not_found')) return undefined;
      throw error;
    }
    const found = (page.messages as SlackMessage[] | undefined)?.find(match);
    if (found) return found;
    cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
  } while (cursor && pages < maxPages);
  return undefined;
}

/** How far from a moment (seconds) a message written then is looked for: `near` first, then the rest. */
export interface Around {
  before: number;
  near: number;
  after: number;
}

/**
 * The message in the channel's top level that matches, looked for from `before` seconds ahead of `at`
 * to `after` seconds past it: first up to `near` past it (where it almost always is), then the rest,
 * every page. Not found means not in that window at all.
 */
export async function findAround(connection: SlackConnection, channel: string, at: number, around: Around, match: (message: SlackMessage) => boolean): Promise<SlackMessage | undefined> {
  const range = (oldest: number, latest: number) => (cursor?: string) => connection.history({ channel, oldest: String(oldest), latest: String(latest), inclusive: true, ...(cursor ? { cursor } : {}) });
  const found = (await everyPage(range(at - around.before, at + around.near), match)) ?? (await everyPage(range(at + around.near, at + around.after), match));
  if (found) connection.messages.learn(channel, found);
  return found;
}

/** Every page of a thread (its parent first), until a message matches. */
export async function findInThread(connection: SlackConnection, channel: string, threadTs: string, match: (message: SlackMessage) => boolean): Promise<SlackMessage | undefined> {
  const found = await everyPage((cursor) => connection.replies({ channel, ts: threadTs, ...(cursor ? { cursor } : {}) }), match);
  if (found) connection.messages.learn(channel, found);
  return found;
}

/** How far Slack's clock may be from ours. */
const CLOCK_SKEW_S = 300;

/** Slack posts a scheduled message at its time, or a little late: looked for from a minute before to an hour after. */
const POSTED_AROUND: Around = { before: 60, near: 120, after: 3600 };

const carries = (key: string) => (message: SlackMessage) => message.subtype !== 'tombstone' && keyInText(message.text) === key;

/**
 * The message Slack posted from a scheduled one, by the key hidden in its text: where this adapter
 * last saw it (a ts never changes; gone from there means deleted), else among the replies of its
 * thread, then around its post time. Without a post time (a name from before it was kept), the latest page.
 */
export async function findPostedByMarker(connection: SlackConnection, channel: string, key: string, place: PostedPlace = {}): Promise<SlackMessage | undefined> {
  const seen = connection.messages.postedSeen(key);
  const there = seen ? await connection.messages.find(channel, seen.ts) : undefined;
  if (seen && !there) return undefined;
  const found = there && carries(key)(there.message) ? there.message : await searchPosted(connection, channel, key, place);
  if (found) connection.messages.rememberPosted(key, found);
  return found;
}

/**
 * Where the message posted from a scheduled one is, for an inverse to correct it: where this adapter
 * saw it carrying the key while planning (a ts names one message for good), else found again by its key.
 */
export async function postedTsByMarker(connection: SlackConnection, channel: string, key: string, place: PostedPlace = {}): Promise<string | undefined> {
  return connection.messages.postedSeen(key)?.ts ?? (await findPostedByMarker(connection, channel, key, place))?.ts;
}

/**
 * The message posted from a scheduled one, for its delete: where planning saw it, with no read, when
 * nobody had edited it then (deleting one already gone is a no-op); read again when it had been edited,
 * or was not seen, since the agent's own edit is undone before it and what it says now decides.
 */
export async function postedForDelete(connection: SlackConnection, channel: string, key: string, place: PostedPlace = {}): Promise<{ ts: string; message?: SlackMessage } | undefined> {
  const seen = connection.messages.postedSeen(key);
  if (seen && !seen.edited) return { ts: seen.ts };
  const message = await findPostedByMarker(connection, channel, key, place);
  return message?.ts ? { ts: message.ts, message } : undefined;
}

/**
 * What others put on a posted scheduled message, as the read just before its delete found it: replies
 * under it, reactions by anyone but the bot, a pin by anyone but the bot (the agent's own reaction or
 * pin is undone by its own step). Planning may have read it before Slack posted it, or long before
 * this read, which waited on the history tier: deleting the message would take this work with it.
 * Undefined when there is none.
 */
export async function othersOnPosted(connection: SlackConnection, channel: string, message: SlackMessage): Promise<string | undefined> {
  const found: string[] = [];
  const replies = message.reply_count ?? 0;
  if (replies > 0) found.push(`${replies} ${replies === 1 ? 'reply' : 'replies'} in its thread`);
  const reactions = message.reactions ?? [];
  const pinned = message.pinned_to?.includes(channel) === true;
  const bot = reactions.length > 0 || pinned ? await connection.botUserId() : '';
  // A popular reaction lists its users only in part (count above the list): those left out are others.
  const byOthers = reactions.filter((reaction) => (reaction.users ?? []).some((user) => user !== bot) || (reaction.count ?? 0) > (reaction.users?.length ?? 0));
  if (byOthers.length > 0) found.push(`reactions by others (${byOthers.map((reaction) => `:${reaction.name}:`).join(' ')})`);
  // A pin whose maker the list does not name is taken as someone else's, as a snapshot takes it.
  if (pinned && (await readPin(connection, channel, message.ts!))?.['pinned_by'] !== bot) found.push('a pin by someone else');
  return found.length > 0 ? found.join(', ') : undefined;
}

async function searchPosted(connection: SlackConnection, channel: string, key: string, place: PostedPlace): Promise<SlackMessage | undefined> {
  if (place.threadTs) {
    const inThread = await findInThread(connection, channel, place.threadTs, carries(key));
    if (inThread) return inThread;
  }
  if (place.postAt !== undefined) return findAround(connection, channel, place.postAt, POSTED_AROUND, carries(key));
  return everyPage((cursor) => connection.history({ channel, ...(cursor ? { cursor } : {}) }), carries(key), 1);
}

/** The bot's message waiting to be posted that carries the key, looked for on every page of the list. */
export async function findScheduledByMarker(connection: SlackConnection, channel: string, key: string) {
  let cursor: string | undefined;
  do {
    const listed = await slackCall('chat.scheduledMessages.list', false, () => connection.web.chat.scheduledMessages.list({ channel, ...(cursor ? { cursor } : {}) }));
    const found = listed.scheduled_messages?.find((entry) => keyInText(entry.text) === key);
    if (found) return found;
    cursor = listed.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return undefined;
}

/** Its snapshot: waiting, posted, or null once cancelled or deleted; a channel Slack hides is unreadable (CHANNEL_HIDDEN). */
export async function readScheduled(connection: SlackConnection, channel: string, scheduledId: string, key: string, place: PostedPlace): Promise<Snapshot | null> {
  const pending = await findScheduledByMarker(connection, channel, key);
  if (pending && pending.id === scheduledId) {
    return waitingSnapshot(withoutMarker(pending.text ?? ''), pending.post_at ?? 0);
  }
  // Not waiting, and its time has not come even on a Slack clock minutes ahead of ours: cancelled, never posted.
  if (!pending && place.postAt !== undefined && connection.clock.now() / 1000 + CLOCK_SKEW_S < place.postAt) return null;
  const posted = await findPostedByMarker(connection, channel, key, place);
  return posted ? await postedSnapshot(connection, channel, posted) : null;
}

/** A scheduled message still waiting to post: nothing is built on it yet. */
export function waitingSnapshot(text: string, postAt: number): Snapshot {
  return { state: 'scheduled', text, post_at: postAt, reply_count: 0, replies: [], built_on: [], reactions_by_others: [], corrected: false };
}

/**
 * A scheduled message Slack has posted, in the scheduled message's snapshot form. `built_on` is what
 * its guarded delete keeps clear of (its `contents`): the replies in its thread, the bot's pin and
 * reactions on it by their own names, and, once the posted message was edited, the message's own name,
 * since an edit is work on it too. Slack tells no bot
 * session from another on the same token, so whose edit it was is the journal's to say: the agent's
 * own, undone first by the same rollback, does not count; another session's makes it a conflict (kept
 * whole where that session's write names the schedule as what made the message: `madeBy`).
 */
export async function postedSnapshot(connection: SlackConnection, channel: string, posted: SlackMessage): Promise<Snapshot> {
  const snapshot = await messageSnapshot(connection, channel, { message: posted });
  const replies = snapshot.replies as string[];
  const edited = posted.edited ? [resourceKey(messageRef(channel, posted.ts!))] : [];
  const pinned = snapshot.pinned_by_bot === true ? [resourceKey(pinRef(channel, posted.ts!))] : [];
  const reacted = ((snapshot.reactions_by_bot ?? []) as string[]).map((name) => resourceKey(reactionRef(channel, posted.ts!, name)));
  return {
    state: 'posted',
    ts: posted.ts ?? '',
    text: snapshot.text!,
    reply_count: snapshot.reply_count!,
    replies,
    built_on: [...replies, ...edited, ...pinned, ...reacted],
    reactions_by_others: snapshot.reactions_by_others!,
    ...(snapshot.pinned_by_others ? { pinned_by_others: true } : {}),
    corrected: snapshot.corrected!,
  };
}
