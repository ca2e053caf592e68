// One resource's state read straight from the simulator's workspace, never through the API: the
// conformance suites' and tests' independent reader, offered by the simulator's handle.
import type { Json, ResourceRef } from '@backspace/core';
import { keyInText } from '../marker.js';
import { splitId } from '../resources.js';
import { listedEmojiName } from './methods-emoji.js';
import { findInspectedMessage, inspectChannel } from './inspect.js';
import type { Workspace } from './workspace.js';

/** Reads the simulator's state for one resource, never through the adapter or the API. */
export function inspectResource(workspace: Workspace, resource: ResourceRef): Json | null {
  workspace.postDueMessages();
  switch (resource.type) {
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return findInspectedMessage(workspace, channel, ts);
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
      const message = workspace.findMessage(channel, ts);
      return message ? { users: [...(message.reactions.get(listedEmojiName(workspace, name)) ?? [])] } : null;
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return { pinned: workspace.channels.get(channel)?.pins.has(ts) ?? false };
    }
    case 'scheduled_message': {
      const [channel, id, key] = splitId(resource.id, 3) as [string, string, string];
      const entry = workspace.scheduled.get(id);
      if (entry && !entry.postedTs) return { state: 'scheduled', channel: entry.channel, post_at: entry.postAt };
      const posted = [...workspace.messages.values()].find((message) => message.channel === channel && !message.tombstone && keyInText(message.text) === key);
      return posted ? { state: 'posted', ...(findInspectedMessage(workspace, channel, posted.ts) as object) } : null;
    }
    case 'channel': {
      const channel = workspace.channels.get(resource.id);
      return channel ? inspectChannel(workspace, channel) : null;
    }
    default:
      return null;
  }
}
