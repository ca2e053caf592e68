// Plain-JSON views of the simulator's state, read directly (never through the API) by tests.
import type { Json } from '@backspace/core';
import type { Channel, StoredMessage, Workspace } from './workspace.js';

export interface WorkspaceState {
  channels: Record<string, Json>;
  scheduled: Json[];
}

export function inspectWorkspace(workspace: Workspace): WorkspaceState {
  return {
    channels: Object.fromEntries([...workspace.channels.values()].map((channel) => [channel.id, inspectChannel(workspace, channel)])),
    scheduled: [...workspace.scheduled.values()].map((entry) => ({ id: entry.id, channel: entry.channel, text: entry.text, post_at: entry.postAt, posted_ts: entry.postedTs ?? null })),
  };
}

export function inspectChannel(workspace: Workspace, channel: Channel): Json {
  return {
    name: channel.name,
    is_private: channel.isPrivate,
    is_archived: channel.isArchived,
    topic: channel.topic.value,
    members: [...channel.members].sort(),
    pins: [...channel.pins.keys()],
    messages: channel.timeline.map((ts) => inspectMessage(workspace, workspace.findMessage(channel.id, ts)!)),
  };
}

export function inspectMessage(workspace: Workspace, message: StoredMessage): Json {
  return {
    ts: message.ts,
    user: message.user,
    text: message.text,
    blocks: (message.blocks ?? null) as Json,
    attachments: (message.attachments ?? null) as Json,
    tombstone: message.tombstone ?? false,
    edited: message.edited !== undefined,
    reactions: Object.fromEntries([...message.reactions].map(([name, users]) => [name, [...users]])),
    pinned: workspace.channels.get(message.channel)?.pins.has(message.ts) ?? false,
    replies: message.replies.map((ts) => {
      const reply = workspace.findMessage(message.channel, ts)!;
      return { ts: reply.ts, user: reply.user, text: reply.text };
    }),
  };
}

/** One message by channel and ts (a reply too), or null once it is gone. */
export function findInspectedMessage(workspace: Workspace, channelId: string, ts: string): Json | null {
  const message = workspace.findMessage(channelId, ts);
  return message ? inspectMessage(workspace, message) : null;
}
