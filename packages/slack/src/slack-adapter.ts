// createSlackAdapter: Backspace's Slack adapter on the official @slack/web-api WebClient.
import { WebClient } from '@slack/web-api';
import { adapterToken, BackspaceError, compensationOperations, systemClock, withoutSecrets, type ActionDefinition, type Adapter, type Clock, type ReadScope, type ResourceRef, type Snapshot } from '@backspace/core/adapter-kit';
import { APP_KINDS, type SlackAppKind } from './app-kind.js';
import { channelCreate } from './actions/channel-create.js';
import { channelTopicSet } from './actions/channel-topic-set.js';
import { messageDelete } from './actions/message-delete.js';
import { messagePost } from './actions/message-post.js';
import { messageSchedule } from './actions/message-schedule.js';
import { messageUpdate } from './actions/message-update.js';
import { pinAdd } from './actions/pin-add.js';
import { reactionAdd } from './actions/reaction-add.js';
import { stoppableFetch } from './call-signal.js';
import { DEFAULT_CORRECTION_TEXT, SlackConnection, type CorrectionStyle } from './connection.js';
import { describeSlackResource } from './describe.js';
import { SlackNames } from './names.js';
import { slackResourceFromUrl } from './resource-from-url.js';
import { readScheduled } from './history-search.js';
import { readMany } from './read-many.js';
import { parseScheduledId, splitId } from './resources.js';
import { MESSAGES_BY_OTHERS, readChannel, readChannelInfo, readMessage, readPin, readReaction, TOPIC_SET_FIELD } from './snapshots.js';
import { topicLastWriter } from './topic-writer.js';

export const SLACK_TOKEN_VARIABLE = 'SLACK_BOT_TOKEN';

export interface SlackAdapterSettings {
  /**
   * A WebClient of your own; the adapter then uses it as it is (switch its retries off, and give it
   * `fetch: stoppableFetch` so the kill switch stops its requests in flight).
   */
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
  /**
   * How long one Web API call may take before it is aborted (default 30 s; the WebClient's `timeout`):
   * a timed-out write is an unknown outcome, looked up by its key before anything is resent. A ready
   * client keeps its own `timeout`; passing both `client` and `timeoutMs` is refused.
   */
  timeoutMs?: number;
  /**
   * What kind of Slack app the token belongs to (default `internal`, a team's own app). Slack allows a
   * commercially distributed app outside the Slack Marketplace one conversations.history and one
   * conversations.replies request a minute, 15 messages each (since 2025-05-29 for new apps,
   * 2026-03-03 for existing installs); say `non-marketplace` for one, and the adapter paces its history
   * reads to that instead of collecting 429s. Marketplace and internal apps keep Tier 3.
   */
  appKind?: SlackAppKind;
  /** The clock the adapter paces its history reads on (default the system clock; tests pass the simulator's). */
  clock?: Clock;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/**
 * Every action; each request an action or an inverse it declares makes is stopped by its call's or
 * run's signal (the kill switch), through the client's fetch.
 */
export const slackActions = [messagePost, messageUpdate, messageDelete, messageSchedule, reactionAdd, pinAdd, channelCreate, channelTopicSet];

/** The Slack adapter, its actions typed by name (`session.run('slack.message.update', …)` checks its input). */
export type SlackAdapter = Adapter<SlackConnection, typeof slackActions>;

export function createSlackAdapter(settings: SlackAdapterSettings = {}): SlackAdapter {
  // A ready client needs no token of ours; whatever token there is, its own first, is scrubbed.
  const token = settings.client
    ? (settings.client.token ?? settings.token ?? process.env[SLACK_TOKEN_VARIABLE])
    : adapterToken(settings, SLACK_TOKEN_VARIABLE, 'createSlackAdapter needs a Slack bot token');
  if (settings.client && settings.timeoutMs !== undefined) {
    throw new BackspaceError('invalid_config', 'createSlackAdapter uses a ready WebClient as it is: give it a timeout of its own instead of timeoutMs', { details: { setting: 'timeoutMs' } });
  }
  // Every token the adapter can reach, the ready client's own included, is scrubbed from the journal and errors.
  const secrets = [...new Set([token, settings.token].filter((secret): secret is string => Boolean(secret)))];
  // Core's retry layer owns retries (and looks a write up by key before resending it): the SDK's are off.
  const web =
    settings.client ??
    new WebClient(token, { slackApiUrl: webApiUrl(settings.baseUrl), retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, timeout: settings.timeoutMs ?? DEFAULT_TIMEOUT_MS, fetch: stoppableFetch });
  const appKind = settings.appKind ?? 'internal';
  if (!APP_KINDS.includes(appKind)) {
    throw new BackspaceError('invalid_config', `createSlackAdapter: appKind must be one of ${APP_KINDS.join(', ')}`, { details: { setting: 'appKind' } });
  }
  const correction = { ...(settings.correction ? { style: settings.correction } : {}), text: settings.correctionText ?? DEFAULT_CORRECTION_TEXT };
  const connection = new SlackConnection(web, correction, appKind, settings.clock ?? systemClock);
  const names = new SlackNames(connection);

  return withSecretsScrubbed({
    provider: 'slack',
    client: connection,
    // Every compensation operation is declared beside the action that stages it (`inverses`): none is
    // shared, so the adapter lists none of its own.
    actions: slackActions,
    read: (resource, scope) => readResource(connection, resource, scope),
    readMany: (resources) => readMany(connection, resources),
    // A person who set a channel's topic to the very text the agent left is told apart by who Slack says
    // set it, asked only when the topic was set again since the rollback's newest write on it.
    versionField: TOPIC_SET_FIELD,
    lastWriters: (resource) => topicLastWriter(connection, resource),
    // Tier 3 (50 per minute per method) covers every write a rollback sends.
    rateLimit: { requests: 50, windowMs: 60_000 },
    secrets: () => secrets,
    actors: (snapshot) => actorsIn(snapshot),
    describe: describeSlackResource,
    lookupNames: (lookup) => names.lookup(lookup),
    resourceFromUrl: slackResourceFromUrl,
  });
}

/**
 * The adapter with every failure of its actions, reader and inverses scrubbed of its secrets on the
 * way out: Slack's answers (an error string, a body the WebClient keeps) may echo the token back.
 */
function withSecretsScrubbed<Action extends ActionDefinition<any, any, SlackConnection>>(adapter: Adapter<SlackConnection, Action[]>): Adapter<SlackConnection, Action[]> {
  const secrets = adapter.secrets?.() ?? [];
  const guard =
    <Args extends unknown[], Result>(run: (...args: Args) => Promise<Result>) =>
    async (...args: Args): Promise<Result> => {
      try {
        return await run(...args);
      } catch (error) {
        throw withoutSecrets(error, secrets);
      }
    };
  return {
    ...adapter,
    actions: adapter.actions.map((action): Action => {
      const { execute, snapshot, lookup }: ActionDefinition<unknown, unknown, SlackConnection> = action;
      return {
        ...action,
        execute: guard(execute),
        ...(snapshot ? { snapshot: guard(snapshot) } : {}),
        ...(lookup ? { lookup: guard(lookup) } : {}),
      };
    }),
    read: guard(adapter.read),
    ...(adapter.readMany ? { readMany: guard(adapter.readMany) } : {}),
    ...(adapter.lookupNames ? { lookupNames: guard(adapter.lookupNames) } : {}),
    ...(adapter.lastWriters ? { lastWriters: guard(adapter.lastWriters) } : {}),
    compensations: Object.fromEntries(Object.entries(compensationOperations(adapter)).map(([name, operation]) => [name, { ...operation, run: guard(operation.run) }])),
  };
}

/** The WebClient's `slackApiUrl` for a base url given with or without `/api/`. */
export function webApiUrl(baseUrl: string | undefined): string {
  if (!baseUrl) return 'https://slack.com/api/';
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/api') ? `${trimmed}/` : `${trimmed}/api/`;
}

function readResource(connection: SlackConnection, resource: ResourceRef, scope?: ReadScope): Promise<Snapshot | null> {
  switch (resource.type) {
    case 'message': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return readMessage(connection, channel, ts);
    }
    case 'reaction': {
      const [channel, ts, name] = splitId(resource.id, 3) as [string, string, string];
      return readReaction(connection, channel, ts, name, 'workspace');
    }
    case 'pin': {
      const [channel, ts] = splitId(resource.id, 2) as [string, string];
      return readPin(connection, channel, ts);
    }
    case 'scheduled_message': {
      const { channel, scheduledId, key, place } = parseScheduledId(resource.id);
      return readScheduled(connection, channel, scheduledId, key, place);
    }
    case 'channel':
      // A topic's inverse compares the channel's info alone: its history, paced a page a minute for most
      // apps, is read only where an archive's guard counts others' messages.
      return scope && !scope.fields.includes(MESSAGES_BY_OTHERS) ? readChannelInfo(connection, resource.id) : readChannel(connection, resource.id);
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

