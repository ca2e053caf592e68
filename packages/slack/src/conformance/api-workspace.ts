// The conformance workspace over Slack's public Web API only: what the live mode uses against a sandbox
// channel of a real Slack workspace, with the agent's bot token and a second member's user token. A
// live channel keeps what earlier runs did, so `prepare` puts the seeded topic back, each check that
// needs a person's message gets a fresh one, and new channels' names carry the run's id.
import { WebClient } from '@slack/web-api';
import type { Json, ResourceRef } from '@backspace/core';
import { keyInText } from '../marker.js';
import { splitId, type SlackMessage } from '../resources.js';
import { SEED_TOPIC } from '../simulator/index.js';
import type { SlackWorkspace } from './workspace.js';

export interface ApiWorkspaceOptions {
  /** The Web API's url, ending in `/api/`. */
  baseUrl: string;
  channel: string;
  agentToken: string;
  /** The second member; without one the agent stands in (and the human-edit checks are skipped). */
  humanToken: string | undefined;
  /** Makes this run's channel names its own. */
  runId: string;
}

type ApiMessage = SlackMessage & { edited?: unknown };

// Slack writes channel events (joins, topic changes, pins, archiving) into the history as messages with
// a subtype; the simulator keeps no such events, so the reader keeps only what someone wrote.
const WRITTEN = new Set([undefined, 'bot_message', 'thread_broadcast', 'me_message', 'file_share', 'tombstone']);
const HISTORY_PAGE = 100;

const slackErrorOf = (error: unknown) => (error as { data?: { error?: string } }).data?.error;

export function apiWorkspace(options: ApiWorkspaceOptions): SlackWorkspace & { prepare(): Promise<void> } {
  const { channel } = options;
  // Unlike the adapter's client, the workspace's wait out a live 429 (the SDK honours Retry-After), so arranging never fails a check.
  const client = (token: string) => new WebClient(token, { slackApiUrl: options.baseUrl, retryConfig: { retries: 0 } });
  const agent = client(options.agentToken);
  const human = client(options.humanToken ?? options.agentToken);
  const secondUser = options.humanToken !== undefined;
  const userIds = new Map<WebClient, string>();
  let personsMessage: string | undefined;
  let channels = 0;

  const userId = async (as: WebClient) => {
    if (!userIds.has(as)) userIds.set(as, String((await as.auth.test()).user_id));
    return userIds.get(as)!;
  };

  /** A message by channel and ts, top-level or in a thread, tombstones included; undefined once gone. */
  const findMessage = async (where: string, ts: string): Promise<ApiMessage | undefined> => {
    const history = await agent.conversations.history({ channel: where, latest: ts, oldest: ts, inclusive: true, limit: 1 });
    const top = (history.messages as ApiMessage[] | undefined)?.find((message) => message.ts === ts);
    if (top) return top;
    try {
      const thread = await agent.conversations.replies({ channel: where, ts });
      return (thread.messages as ApiMessage[] | undefined)?.find((message) => message.ts === ts);
    } catch (error) {
      if (slackErrorOf(error) === 'thread_not_found') return undefined;
      throw error;
    }
  };

  const pinnedIn = async (where: string) => {
    const listed = await agent.pins.list({ channel: where });
    const items = (listed.items ?? []) as { message?: { ts?: string } }[];
    return items.map((item) => item.message?.ts ?? '');
  };

  /** The simulator's message view (inspectMessage), from what the Web API answers. */
  const messageView = async (where: string, message: ApiMessage, pins: string[]): Promise<Json> => {
    const threaded = (message.reply_count ?? 0) > 0 && message.thread_ts === message.ts;
    const replies = threaded ? ((await agent.conversations.replies({ channel: where, ts: message.ts! })).messages as ApiMessage[]).filter((reply) => reply.ts !== message.ts) : [];
    return {
      ts: message.ts ?? '',
      user: message.user ?? null,
      text: message.text ?? '',
      blocks: (message.blocks ?? null) as Json,
      attachments: (message.attachments?.map(({ id: _id, ...attachment }) => attachment) ?? null) as Json,
      tombstone: message.subtype === 'tombstone',
      edited: message.edited !== undefined,
      reactions: Object.fromEntries((message.reactions ?? []).map((reaction) => [reaction.name ?? '', reaction.users ?? []])),
      pinned: pins.includes(message.ts ?? ''),
      replies: replies.map((reply) => ({ ts: reply.ts ?? '', user: reply.user ?? null, text: reply.text ?? '' })),
    };
  };

  /** The latest page of what was written in a channel, oldest first (a live sandbox's history is long). */
  const written = async (where: string): Promise<ApiMessage[]> => {
    const history = await agent.conversations.history({ channel: where, limit: HISTORY_PAGE });
    return ((history.messages as ApiMessage[] | undefined) ?? []).filter((message) => WRITTEN.has(message.subtype)).reverse();
  };

  const inspectChannel = async (id: string): Promise<Json | null> => {
    const { channel: info } = await agent.conversations.info({ channel: id });
    // conversations.members is not in the carried description (spec/): of the members, the view lists the
    // two users the workspace knows, each from its own conversations.info (`is_member`).
    const members = info?.is_member ? [await userId(agent)] : [];
    if (secondUser && (await human.conversations.info({ channel: id })).channel?.is_member) members.push(await userId(human));
    const pins = await pinnedIn(id);
    const messages: Json[] = [];
    for (const message of await written(id)) messages.push(await messageView(id, message, pins));
    return {
      name: info?.name ?? '',
      is_private: info?.is_private ?? false,
      is_archived: info?.is_archived ?? false,
      topic: info?.topic?.value ?? '',
      members: [...new Set(members)].sort(),
      pins,
      messages,
    };
  };

  const inspectScheduled = async (id: string): Promise<Json | null> => {
    const [where, scheduledId, key] = splitId(id, 3) as [string, string, string];
    // Until it posts, only its author sees a scheduled message.
    const { scheduled_messages: pending = [] } = await agent.chat.scheduledMessages.list({ channel: where });
    const entry = pending.find((scheduled) => scheduled.id === scheduledId);
    if (entry) return { state: 'scheduled', channel: entry.channel_id ?? where, post_at: entry.post_at ?? 0 };
    const posted = (await written(where)).find((message) => message.subtype !== 'tombstone' && keyInText(message.text) === key);
    return posted ? { state: 'posted', ...((await messageView(where, posted, await pinnedIn(where))) as object) } : null;
  };

  const inspect = async (resource: ResourceRef): Promise<Json | null> => {
    try {
      switch (resource.type) {
        case 'message': {
          const [where, ts] = splitId(resource.id, 2) as [string, string];
          const message = await findMessage(where, ts);
          return message ? messageView(where, message, await pinnedIn(where)) : null;
        }
        case 'reaction': {
          const [where, ts, name] = splitId(resource.id, 3) as [string, string, string];
          const message = await findMessage(where, ts);
          return message ? { users: message.reactions?.find((reaction) => reaction.name === name)?.users ?? [] } : null;
        }
        case 'pin': {
          const [where, ts] = splitId(resource.id, 2) as [string, string];
          return { pinned: (await pinnedIn(where)).includes(ts) };
        }
        case 'scheduled_message':
          return await inspectScheduled(resource.id);
        case 'channel':
          return await inspectChannel(resource.id);
        default:
          return null;
      }
    } catch (error) {
      if (slackErrorOf(error) === 'channel_not_found') return resource.type === 'pin' ? { pinned: false } : null;
      throw error;
    }
  };

  return {
    channel,
    agent,
    human,
    humanUserId: () => userId(human),
    async personsMessage() {
      personsMessage ??= String((await human.chat.postMessage({ channel, text: 'The coffee machine is fixed.' })).ts);
      return personsMessage;
    },
    uniqueChannelName: (prefix) => `${prefix}-${options.runId}-${++channels}`,
    inspect,
    async prepare() {
      const { channel: info } = await agent.conversations.info({ channel });
      const humanIn = !secondUser || (await human.conversations.info({ channel })).channel?.is_member;
      if (!info?.is_member || !humanIn) throw new Error(`the sandbox channel ${channel} needs the bot and the second user as members: invite ${info?.is_member ? 'the second user' : 'the bot'} and run again`);
      if (info.topic?.value !== SEED_TOPIC) await human.conversations.setTopic({ channel, topic: SEED_TOPIC });
    },
  };
}
