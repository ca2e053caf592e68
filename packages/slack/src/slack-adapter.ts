// createSlackAdapter: Backspace's Slack adapter on the official @slack/web-api WebClient.
import { WebClient } from '@slack/web-api';
import { BackspaceError, type Adapter, type ResourceRef, type Snapshot } from '@backspace/core';
import { channelCreate } from './actions/channel-create.js';
import { channelTopicSet } from './actions/channel-topic-set.js';
import { messageDelete } from './actions/message-delete.js';
import { messagePost } from './actions/message-post.js';
import { messageSchedule } from './actions/message-schedule.js';
import { messageUpdate } from './actions/message-update.js';
import { pinAdd } from './actions/pin-add.js';
import { reactionAdd } from './actions/reaction-add.js';
import { slackCompensations } from './compensations.js';
import { DEFAULT_CORRECTION_TEXT, SlackConnection, type CorrectionStyle } from './connection.js';
import { readChannel, readMessage, readPin, readReaction, readScheduled, splitId } from './resources.js';

export const SLACK_TOKEN_VARIABLE = 'SLACK_BOT_TOKEN';

export interface SlackAdapterSettings {
  /** A WebClient of your own; the adapter then uses it as it is (switch its retries off). */
  client?: WebClient;
  /** A bot token (xoxb-...); defaults to the SLACK_BOT_TOKEN environment variable. */
  token?: string;
  /** Where the Web API lives, e.g. a simulator's url; `/api/` is added unless present. Default Slack's. */
  baseUrl?: string;
  /**
   * How this process corrects a message others replied to or reacted to, when a rollback corrects it
   * instead of deleting it: replace its text (default) or reply in its thread.
   */
  correction?: CorrectionStyle;
  correctionText?: string;
}

export function createSlackAdapter(settings: SlackAdapterSettings = {}): Adapter<SlackConnection> {
  const token = settings.client?.token ?? settings.token ?? process.env[SLACK_TOKEN_VARIABLE];
  if (!settings.client && !token) {
    throw new BackspaceError('invalid_config', `createSlackAdapter needs a Slack bot token: pass { token } or set ${SLACK_TOKEN_VARIABLE}`);
  }
  // Core's retry layer owns retries (and looks a write up by key before resending it): the SDK's are off.
  const web = settings.client ?? new WebClient(token, { slackApiUrl: webApiUrl(settings.baseUrl), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
  const connection = new SlackConnection(web, { ...(settings.correction ? { style: settings.correction } : {}), text: settings.correctionText ?? DEFAULT_CORRECTION_TEXT });

  return {
    provider: 'slack',
    client: connection,
    actions: [messagePost, messageUpdate, messageDelete, messageSchedule, reactionAdd, pinAdd, channelCreate, channelTopicSet],
    read: (resource) => readResource(connection, resource),
    compensations: slackCompensations(),
    // Tier 3 (50 per minute per method) covers every write a rollback sends.
    rateLimit: { requests: 50, windowMs: 60_000 },
    secrets: () => (token ? [token] : []),
    actors: (snapshot) => actorsIn(snapshot),
  };
}

/** The WebClient's `slackApiUrl` for a base url given with or without `/api/`. */
export function webApiUrl(baseUrl: string | undefined): string {
  if (!baseUrl) return 'https://slack.com/api/';
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? `${trimmed}/` : `${trimmed}/api/`;
}

function readResource(connection: SlackConnection, resource: ResourceRef): Promise<Snapshot | null> {
  switch (resource.type) {
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return readMessage(connection, channel, ts);
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
      return readReaction(connection, channel, ts, name);
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return readPin(connection, channel, ts);
    }
    case 'scheduled_message':
      return readScheduled(connection, resource.id);
    case 'channel':
      return readChannel(connection, resource.id);
    default:
      throw new BackspaceError('invalid_input', `the slack adapter has no resource type "${resource.type}"`);
  }
}

function actorsIn(snapshot: Snapshot): string[] {
  const people = new Set<string>();
  for (const user of (snapshot['reply_users'] as string[] | undefined) ?? []) people.add(user);
  for (const entry of (snapshot['reactions_by_others'] as string[] | undefined) ?? []) people.add(entry.split(':').pop()!);
  for (const user of (snapshot['others'] as string[] | undefined) ?? []) people.add(user);
  return [...people].filter(Boolean).sort();
}

