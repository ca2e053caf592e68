// The simulated Slack workspace's state: channels, messages with threads, reactions and pins, and
// scheduled messages that post themselves when the simulator clock reaches their time.
import { createPrefixedIds, type SimulatorUser } from '@backspace/simulator-kit';
import type { Clock } from '@backspace/core';
import type { SlackAppKind } from './rate-limits.js';

export const TEAM_ID = 'T0BACKSPC1';

/** Slack's answer `{ ok: false, error }`, thrown from deep inside a method. */
export class SlackApiError extends Error {
  constructor(
    readonly error: string,
    /** What Slack adds to some refusals (missing_scope's `needed` and `provided`). */
    readonly details: Record<string, string> = {},
  ) {
    super(error);
    this.name = 'SlackApiError';
  }
}

export interface Metadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

export interface Member {
  id: string;
  name: string;
  /** Bot tokens (xoxb-) post as an app; user tokens (xoxp-) as a person. */
  isBot: boolean;
  botId?: string;
  /** The name people see (users.info's real_name); the handle until someone sets one. */
  realName: string;
  /** When the member's record last changed, in seconds (users.info's `updated`). */
  updated: number;
}

export interface StoredMessage {
  ts: string;
  channel: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: Record<string, unknown>[];
  attachments?: Record<string, unknown>[];
  metadata?: Metadata;
  /** Set on replies (and on a parent once it has replies). */
  threadTs?: string;
  replies: string[];
  /** Emoji name to the users who reacted, in order. */
  reactions: Map<string, string[]>;
  edited?: { user: string; ts: string };
  /** A deleted parent whose replies remain: Slack keeps a "This message was deleted." tombstone. */
  tombstone?: boolean;
}

export interface Channel {
  id: string;
  name: string;
  created: number;
  creator: string;
  isPrivate: boolean;
  isArchived: boolean;
  isGeneral: boolean;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  members: Set<string>;
  /** Top-level message ts in posting order; replies live only in `messages`. */
  timeline: string[];
  pins: Map<string, { created: number; createdBy: string }>;
}

export interface ScheduledMessage {
  id: string;
  channel: string;
  user: string;
  text: string;
  blocks?: Record<string, unknown>[];
  attachments?: Record<string, unknown>[];
  threadTs?: string;
  postAt: number;
  dateCreated: number;
  /** The ts of the message it became, once its time came. */
  postedTs?: string;
}

export class Workspace {
  readonly channels = new Map<string, Channel>();
  readonly messages = new Map<string, StoredMessage>();
  readonly scheduled = new Map<string, ScheduledMessage>();
  readonly members = new Map<string, Member>();
  /**
   * The workspace's own emoji, as emoji.list answers them: a name to its image's url, or to
   * `alias:<name>` for another name of an emoji (custom or standard).
   */
  readonly customEmoji = new Map<string, string>();
  /** Scopes the bot tokens were not granted: a method that needs one answers missing_scope. */
  readonly withheldScopes = new Set<string>();
  /** Microseconds of the newest ts handed out: every message's ts is unique and later than the one before. */
  private lastMicros = 0;
  private readonly nextChannelId = createPrefixedIds('C', { start: 1000 });
  private readonly nextScheduledId = createPrefixedIds('Q', { start: 1000 });

  constructor(
    readonly clock: Clock,
    /** The kind of app the bot tokens belong to: it sets their history tier and page size. */
    readonly appKind: SlackAppKind = 'internal',
  ) {}

  /** A message ts for now, or for `atSeconds` (a scheduled message posts at its post time, as in Slack). */
  nextTs(atSeconds?: number): string {
    const wanted = atSeconds !== undefined ? atSeconds * 1e6 : this.clock.now() * 1000;
    this.lastMicros = Math.max(Math.floor(wanted), this.lastMicros + 1);
    return `${Math.floor(this.lastMicros / 1e6)}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  seconds(): number {
    return Math.floor(this.clock.now() / 1000);
  }

  member(user: SimulatorUser): Member {
    const existing = this.members.get(user.id);
    if (existing) return existing;
    const isBot = user.token.startsWith('xoxb-');
    const member: Member = { id: user.id, name: user.name, isBot, ...(isBot ? { botId: `B${user.id.slice(1)}` } : {}), realName: user.name, updated: this.seconds() };
    this.members.set(user.id, member);
    return member;
  }

  createChannel(name: string, creator: string, isPrivate = false, isGeneral = false): Channel {
    const now = this.seconds();
    const channel: Channel = {
      id: this.nextChannelId(),
      name,
      created: now,
      creator,
      isPrivate,
      isArchived: false,
      isGeneral,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: '', creator: '', last_set: 0 },
      members: new Set([creator]),
      timeline: [],
      pins: new Map(),
    };
    this.channels.set(channel.id, channel);
    return channel;
  }

  channel(id: unknown): Channel {
    const channel = typeof id === 'string' ? this.channels.get(id) : undefined;
    if (!channel) throw new SlackApiError('channel_not_found');
    return channel;
  }

  /** A live message (not a tombstone) in `channel`. */
  message(channel: Channel, ts: unknown): StoredMessage {
    const message = typeof ts === 'string' ? this.messages.get(`${channel.id}/${ts}`) : undefined;
    if (!message || message.tombstone) throw new SlackApiError('message_not_found');
    return message;
  }

  findMessage(channelId: string, ts: string): StoredMessage | undefined {
    return this.messages.get(`${channelId}/${ts}`);
  }

  post(channel: Channel, author: Member, content: Pick<StoredMessage, 'text' | 'blocks' | 'attachments' | 'metadata' | 'threadTs'>, ts = this.nextTs()): StoredMessage {
    const message: StoredMessage = {
      ts,
      channel: channel.id,
      user: author.id,
      ...(author.botId ? { botId: author.botId } : {}),
      text: content.text,
      ...(content.blocks ? { blocks: content.blocks } : {}),
      ...(content.attachments ? { attachments: content.attachments } : {}),
      ...(content.metadata ? { metadata: content.metadata } : {}),
      replies: [],
      reactions: new Map(),
    };
    if (content.threadTs) {
      const parent = this.message(channel, content.threadTs);
      if (parent.threadTs && parent.threadTs !== parent.ts) throw new SlackApiError('thread_not_found');
      parent.threadTs = parent.ts;
      parent.replies.push(ts);
      message.threadTs = parent.ts;
    } else {
      channel.timeline.push(ts);
    }
    this.messages.set(`${channel.id}/${ts}`, message);
    return message;
  }

  remove(channel: Channel, message: StoredMessage): void {
    channel.pins.delete(message.ts);
    if (message.threadTs && message.threadTs !== message.ts) {
      const parent = this.findMessage(channel.id, message.threadTs);
      if (parent) parent.replies = parent.replies.filter((ts) => ts !== message.ts);
      this.messages.delete(`${channel.id}/${message.ts}`);
      if (parent?.tombstone && parent.replies.length === 0) this.remove(channel, parent);
      return;
    }
    if (message.replies.length > 0) {
      // The thread stays readable under a placeholder, as in Slack.
      Object.assign(message, { tombstone: true, text: 'This message was deleted.', reactions: new Map() });
      delete message.blocks;
      delete message.attachments;
      delete message.metadata;
      return;
    }
    channel.timeline = channel.timeline.filter((ts) => ts !== message.ts);
    this.messages.delete(`${channel.id}/${message.ts}`);
  }

  schedule(entry: Omit<ScheduledMessage, 'id' | 'dateCreated'>): ScheduledMessage {
    const scheduled: ScheduledMessage = { ...entry, id: this.nextScheduledId(), dateCreated: this.seconds() };
    this.scheduled.set(scheduled.id, scheduled);
    return scheduled;
  }

  /** Posts every scheduled message whose time has come; run before each request and each inspection. */
  postDueMessages(): void {
    const now = this.clock.now();
    const due = [...this.scheduled.values()].filter((entry) => !entry.postedTs && entry.postAt * 1000 <= now).sort((left, right) => left.postAt - right.postAt);
    for (const entry of due) {
      const channel = this.channels.get(entry.channel);
      const author = this.members.get(entry.user);
      if (!channel || !author || channel.isArchived) {
        this.scheduled.delete(entry.id);
        continue;
      }
      const parent = entry.threadTs ? this.findMessage(channel.id, entry.threadTs) : undefined;
      const parentAlive = parent !== undefined && !parent.tombstone;
      // Slack posts it at its time: its ts is its post time, however late a request looks at the channel.
      const posted = this.post(channel, author, { text: entry.text, blocks: entry.blocks, attachments: entry.attachments, threadTs: parentAlive ? entry.threadTs : undefined }, this.nextTs(entry.postAt));
      entry.postedTs = posted.ts;
    }
  }
}
