// Names for the ids a Slack resource's key holds (its channel: #general) and for people (their real
// name): one conversations.info per channel and one users.info per person, remembered for the adapter's
// life, so an operator's command that lists fifty messages in #general asks once.
import { mapConcurrent, nullWhenGone, type NameLookup, type ResourceRef } from '@backspace/core/adapter-kit';
import type { SlackConnection } from './connection.js';
import { parseScheduledId, splitId } from './resources.js';
import { slackCall, slackGone } from './slack-errors.js';

/** Slack's user ids (U..., W... on Enterprise Grid); a GitHub login or an Asana gid is not one. */
const USER_ID = /^[UW][A-Z0-9]{2,}$/;
/** Channels with a name: public and private (C..., G... for older private ones); a DM (D...) has none. */
const NAMED_CHANNEL_ID = /^[CG][A-Z0-9]{2,}$/;
/** Requests in flight at once: conversations.info is Tier 3 and users.info Tier 4, so a short burst is fine. */
const IN_FLIGHT = 4;

/** The channel a resource lives in (a channel is its own). */
export function channelOf(resource: ResourceRef): string | null {
  switch (resource.type) {
    case 'channel':
      return resource.id;
    case 'message':
    case 'reaction':
    case 'pin':
      return splitId(resource.id, 2)[0] ?? null;
    case 'scheduled_message':
      return parseScheduledId(resource.id).channel;
    default:
      return null;
  }
}

export class SlackNames {
  /** By id: its name, null where Slack knows none (gone, no access); failures are not kept. */
  private readonly known = new Map<string, Promise<string | null>>();

  constructor(private readonly connection: SlackConnection) {}

  async lookup({ resources = [], people = [] }: NameLookup): Promise<Map<string, string>> {
    const channels = resources.map(channelOf).filter((id): id is string => id !== null && NAMED_CHANNEL_ID.test(id));
    const wanted = [...new Set(channels)].map((id) => ({ id, read: () => this.channelName(id) }));
    for (const id of new Set(people)) if (USER_ID.test(id)) wanted.push({ id, read: () => this.personName(id) });
    const names = new Map<string, string>();
    await mapConcurrent(wanted, IN_FLIGHT, async ({ id, read }) => {
      const name = await this.remembered(id, read);
      if (name) names.set(id, name);
    });
    return names;
  }

  /** One id's name, asked of Slack once; a failed ask (rate limit, network) gives no name this time. */
  private remembered(id: string, read: () => Promise<string | null>): Promise<string | null> {
    let pending = this.known.get(id);
    if (!pending) {
      pending = read();
      this.known.set(id, pending);
      pending.catch(() => this.known.delete(id));
    }
    return pending.catch(() => null);
  }

  private channelName(channel: string): Promise<string | null> {
    return nullWhenGone(async () => {
      const info = await slackCall('conversations.info', false, () => this.connection.web.conversations.info({ channel }));
      return info.channel?.name ? `#${info.channel.name}` : null;
    }, slackGone('channel_not_found'));
  }

  /** A person as Slack shows them to others: the real name, else the display name, else the handle. */
  private personName(user: string): Promise<string | null> {
    return nullWhenGone(async () => {
      const info = await slackCall('users.info', false, () => this.connection.web.users.info({ user }));
      const person = info.user;
      return person?.profile?.real_name || person?.real_name || person?.profile?.display_name || person?.name || null;
    }, slackGone('user_not_found', 'user_not_visible'));
  }
}
