// Slack objects as people know them: a channel by its name, a message by its first words and channel.
// Messages name their channel by id: its name is in the journal only where the agent touched the channel.
import { quoted, type ResourceDescription, type ResourceRef, type Snapshot } from '@backspace/core';
import { parseScheduledId, splitId } from './resources.js';

export function describeSlackResource(resource: ResourceRef, snapshot: Snapshot | null): ResourceDescription {
  const text = typeof snapshot?.text === 'string' && snapshot.text ? ` ${quoted(snapshot.text)}` : '';
  switch (resource.type) {
    case 'channel':
      return { label: typeof snapshot?.name === 'string' && snapshot.name ? `channel #${snapshot.name}` : `channel ${resource.id}` };
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2);
      return { label: `message${text} in ${channel} at ${ts}` };
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3);
      return { label: `:${name}: on message ${ts} in ${channel}` };
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2);
      return { label: `pin of message ${ts} in ${channel}` };
    }
    case 'scheduled_message': {
      const { channel, place } = parseScheduledId(resource.id);
      const when = place.postAt !== undefined ? ` for ${new Date(place.postAt * 1000).toISOString()}` : '';
      return { label: `scheduled message${text} in ${channel}${when}` };
    }
    default:
      return { label: `${resource.type} ${resource.id}` };
  }
}
