// Reading messages by channel and ts in as few history requests as Slack allows. A message known to be
// top level (seen in a channel's history, or posted so) is read with the other top-level messages of
// its channel wanted at the time: one narrow conversations.history range (oldest to latest, inclusive)
// covers them all, however many callers wait, so a rollback that verifies many deletions under a
// one-request-a-minute tier spends one request for many. Anything else is read through its thread.
import type { SlackConnection } from './connection.js';
import { isSlackError } from './slack-errors.js';

export type SlackMessage = {
  ts?: string;
  text?: string;
  user?: string;
  subtype?: string;
  blocks?: unknown[];
  attachments?: Record<string, unknown>[];
  metadata?: unknown;
  reply_count?: number;
  reply_users?: string[];
  /** How many people replied: `reply_users` names only a few of them. */
  reply_users_count?: number;
  reactions?: { name?: string; users?: string[]; count?: number }[];
  thread_ts?: string;
  /** The channels the message is pinned in (history and replies carry it; who pinned it, only pins.list). */
  pinned_to?: string[];
  /** Set once the message was edited: who (for a bot token, its bot user, whichever session) and when. */
  edited?: { user?: string; ts?: string };
};

/** Where this process last saw the message Slack posted from a scheduled one, and whether anyone had edited it. */
export interface PostedSeen {
  ts: string;
  edited: boolean;
}

/** A live message, with its thread's replies when they were read in the same requests. */
export interface FoundMessage {
  message: SlackMessage;
  replies?: SlackMessage[];
}

type Waiter = { resolve: (message: SlackMessage | null) => void; reject: (error: unknown) => void };

/** Learned kinds kept at most: enough for a 100,000-message rollback, bounded for a long-lived agent. */
const MAX_KNOWN = 200_000;

export class MessageReader {
  /** `channel/ts` to the ts of its thread's parent (its own ts when it is top level). */
  private readonly threadOf = new Map<string, string>();
  /** A scheduled message's key to the ts Slack posted it at, and whether it was edited then, once seen. */
  private readonly posted = new Map<string, PostedSeen>();
  private readonly waiting = new Map<string, Map<string, Waiter[]>>();
  private readonly draining = new Set<string>();

  constructor(private readonly connection: SlackConnection) {}

  /** Remembers where a message sits: a ts never moves between the channel's top level and a thread. */
  learn(channel: string, message: SlackMessage): void {
    if (!message.ts) return;
    const key = `${channel}/${message.ts}`;
    if (this.threadOf.has(key)) return;
    if (this.threadOf.size >= MAX_KNOWN) this.threadOf.delete(this.threadOf.keys().next().value!);
    this.threadOf.set(key, message.thread_ts && message.thread_ts !== message.ts ? message.thread_ts : message.ts);
  }

  rememberPosted(key: string, message: SlackMessage): void {
    if (!message.ts) return;
    if (this.posted.size >= MAX_KNOWN) this.posted.delete(this.posted.keys().next().value!);
    this.posted.set(key, { ts: message.ts, edited: message.edited !== undefined });
  }

  postedSeen(key: string): PostedSeen | undefined {
    return this.posted.get(key);
  }

  isTopLevel(channel: string, ts: string): boolean {
    return this.threadOf.get(`${channel}/${ts}`) === ts;
  }

  isReply(channel: string, ts: string): boolean {
    const parent = this.threadOf.get(`${channel}/${ts}`);
    return parent !== undefined && parent !== ts;
  }

  /** A live message (top level or a reply), or undefined once it is gone. */
  async find(channel: string, ts: string): Promise<FoundMessage | undefined> {
    if (this.isTopLevel(channel, ts)) {
      const message = await this.inHistory(channel, ts);
      return message ? { message } : undefined;
    }
    const parent = this.threadOf.get(`${channel}/${ts}`);
    return this.inThread(channel, parent ?? ts, ts);
  }

  /**
   * A top-level message as the channel's history shows it: null when the history has no live message
   * with that ts (deleted, or a reply, which only its thread shows). Waits with every other caller
   * wanting the same channel for one range read.
   */
  inHistory(channel: string, ts: string): Promise<SlackMessage | null> {
    return new Promise((resolve, reject) => {
      const byTs = this.waiting.get(channel) ?? new Map<string, Waiter[]>();
      this.waiting.set(channel, byTs);
      byTs.set(ts, [...(byTs.get(ts) ?? []), { resolve, reject }]);
      if (!this.draining.has(channel)) void this.drain(channel);
    });
  }

  private async drain(channel: string): Promise<void> {
    this.draining.add(channel);
    const byTs = this.waiting.get(channel)!;
    try {
      while (byTs.size > 0) {
        let wanted: string[] = [];
        try {
          // Which messages to read is decided when the tier lets the request go: every caller that came meanwhile joins.
          const page = await this.connection.history(() => {
            wanted = [...byTs.keys()].sort((left, right) => Number(right) - Number(left));
            return { channel, latest: wanted[0]!, oldest: wanted.at(-1)!, inclusive: true };
          });
          const messages = (page.messages ?? []) as SlackMessage[];
          for (const message of messages) this.learn(channel, message);
          // A page that stops short covers only down to its oldest message; the rest are read next.
          const floor = page.has_more && messages.length > 0 ? Math.min(...messages.map((message) => Number(message.ts))) : -Infinity;
          for (const ts of wanted.filter((candidate) => Number(candidate) >= floor)) {
            const found = messages.find((message) => message.ts === ts && message.subtype !== 'tombstone') ?? null;
            settle(byTs, ts, (waiter) => waiter.resolve(found));
          }
        } catch (error) {
          // channel_not_found is not "gone": Slack answers it alike for a deleted channel and for a private
          // one the bot was taken out of, whose messages everyone in it still sees (see CHANNEL_HIDDEN).
          for (const ts of wanted.length > 0 ? wanted : [...byTs.keys()]) settle(byTs, ts, (waiter) => waiter.reject(error));
        }
      }
    } finally {
      this.draining.delete(channel);
      this.waiting.delete(channel);
    }
  }

  /** The message `ts` read through the thread named by `threadTs` (its parent, or itself), every page until found. */
  private async inThread(channel: string, threadTs: string, ts: string): Promise<FoundMessage | undefined> {
    const thread: SlackMessage[] = [];
    let cursor: string | undefined;
    try {
      do {
        const page = await this.connection.replies({ channel, ts: threadTs, ...(cursor ? { cursor } : {}) });
        const messages = (page.messages ?? []) as SlackMessage[];
        for (const message of messages) this.learn(channel, message);
        thread.push(...messages);
        cursor = page.has_more ? page.response_metadata?.next_cursor || undefined : undefined;
        // A reply needs nothing more of its thread; a parent's snapshot needs every reply.
        if (ts !== thread[0]?.ts && thread.some((message) => message.ts === ts)) break;
      } while (cursor);
    } catch (error) {
      // Not channel_not_found: the channel may only be hidden from the bot (see CHANNEL_HIDDEN).
      if (isSlackError(error, 'thread_not_found', 'message_not_found')) return undefined;
      throw error;
    }
    const message = thread.find((candidate) => candidate.ts === ts);
    if (!message || message.subtype === 'tombstone') return undefined;
    return message.ts === thread[0]?.ts ? { message, replies: thread.slice(1) } : { message };
  }
}

function settle(byTs: Map<string, Waiter[]>, ts: string, run: (waiter: Waiter) => void): void {
  for (const waiter of byTs.get(ts) ?? []) run(waiter);
  byTs.delete(ts);
}
