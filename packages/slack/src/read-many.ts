// Reading what a rollback plans on, many resources to a request: messages (and the reactions on them)
// through narrow ranges of each channel's history, pins through one pins.list per channel. What a
// range cannot tell (a message missing from its channel's top level may be a reply, or deleted) is left
// out, for core to read on its own.
import { resourceKey, type ResourceRef, type Snapshot } from '@backspace/core';
import type { SlackConnection } from './connection.js';
import { sameReaction } from './emoji-names.js';
import type { FoundMessage } from './message-reader.js';
import { splitId } from './resources.js';
import { messageSnapshot, pinIn, reactionOf } from './snapshots.js';
import { slackCall } from './slack-errors.js';
import { mayBeListedElsewhere } from './workspace-emoji.js';

export async function readMany(connection: SlackConnection, resources: ResourceRef[]): Promise<Map<string, Snapshot | null>> {
  const read = new Map<string, Snapshot | null>();
  const messages = new Map<string, Promise<FoundMessage | null | undefined>>();
  // undefined: not known from the history (left out); null: gone.
  const message = (channel: string, ts: string) => {
    const key = `${channel}/${ts}`;
    if (!messages.has(key)) messages.set(key, messageFromHistory(connection, channel, ts));
    return messages.get(key)!;
  };
  const pins = new Map<string, Promise<unknown[] | undefined>>();
  const pinsOf = (channel: string) => {
    if (!pins.has(channel)) pins.set(channel, slackCall('pins.list', false, () => connection.web.pins.list({ channel })).then((listed) => listed.items ?? []));
    return pins.get(channel)!;
  };
  const bot = () => connection.botUserId();

  await Promise.all(
    resources.map(async (resource) => {
      const key = resourceKey(resource);
      if (resource.type === 'message') {
        const [channel, ts] = splitId(resource.id, 2) as [string, string];
        const found = await message(channel, ts);
        if (found !== undefined) read.set(key, found && (await messageSnapshot(connection, channel, found)));
      } else if (resource.type === 'reaction') {
        const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
        const found = await message(channel, ts);
        if (!found) {
          if (found === null) read.set(key, null);
          return;
        }
        // Under the emoji a workspace's alias stands for, where the name alone does not find it; a refused
        // emoji.list leaves it to core's own read, which fails for this reaction alone.
        const listed = mayBeListedElsewhere(found.message, name, await bot()) ? await connection.emoji.listedName(name).catch(() => undefined) : name;
        if (listed === undefined) return;
        // A history lists a popular reaction's users only in part (count above the list): read it whole, alone.
        const reaction = found.message.reactions?.find((entry) => sameReaction(entry.name ?? '', listed));
        if (reaction && (reaction.users?.length ?? 0) < (reaction.count ?? 0)) return;
        read.set(key, reactionOf(found.message, listed, await bot()));
      } else if (resource.type === 'pin') {
        const [channel, ts] = splitId(resource.id, 2) as [string, string];
        read.set(key, pinIn(await pinsOf(channel), ts));
      }
    }),
  );
  return read;
}

/** The message from its channel's history range; gone only when it is known to sit at the top level. */
async function messageFromHistory(connection: SlackConnection, channel: string, ts: string): Promise<FoundMessage | null | undefined> {
  if (connection.messages.isReply(channel, ts)) return undefined;
  const found = await connection.messages.inHistory(channel, ts);
  if (found) return { message: found };
  return connection.messages.isTopLevel(channel, ts) ? null : undefined;
}
