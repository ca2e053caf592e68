// Slack objects as people know them: a channel by its name, a message by its first words and channel.
// Keys name a message's channel by id: its name (#general) comes from `lookupNames` where the operator's
// tool asked for it (names.ts), else the id stays.
import { quoted, type Names, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';
import { parseScheduledId, splitId } from './resources.js';

export function describeSlackResource(resource: ResourceRef, snapshot: Snapshot | null, names: Names = new Map()): ResourceDescription {
  const text = typeof snapshot?.text === 'string' && snapshot.text ? ` ${quoted(snapshot.text)}` : '';
  const channelName = (id: string) => names.get(id) ?? id;
  switch (resource.type) {
    case 'channel':
      return { label: typeof snapshot?.name === 'string' && snapshot.name ? `channel #${snapshot.name}` : `channel ${channelName(resource.id)}` };
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2);
      return { label: `message${text} in ${channelName(channel!)} at ${ts}` };
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3);
      return { label: `:${name}: on message ${ts} in ${channelName(channel!)}` };
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2);
      return { label: `pin of message ${ts} in ${channelName(channel!)}` };
    }
    case 'scheduled_message': {
      const { channel, place } = parseScheduledId(resource.id);
      const when = place.postAt !== undefined ? ` for ${new Date(place.postAt * 1000).toISOString()}` : '';
      return { label: `scheduled message${text} in ${channelName(channel)}${when}` };
    }
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
