// createSlackSimulator: a stateful Slack Web API on loopback that @slack/web-api talks to unchanged.
import { WebClient } from '@slack/web-api';
import { createPrefixedIds, createRouter, startSimulatorServer, toSimulatorHandle, type SimulatorHandle, type SimulatorRequest } from '@backspace/simulator-kit';
import type { Clock } from '@backspace/core';
import type { Arguments } from './arguments.js';
import { chatMethods, type Method } from './methods-chat.js';
import { conversationMethods } from './methods-conversations.js';
import { userMethods } from './methods-users.js';
import { emojiMethods } from './methods-emoji.js';
import { slackRateLimits, type SlackAppKind } from './rate-limits.js';
import { inspectResource } from './inspect-resource.js';
import { inspectWorkspace, type WorkspaceState } from './inspect.js';
import { SlackApiError, Workspace } from './workspace.js';

export const SLACK_AGENT_TOKEN = 'xoxb-backspace-agent';
export const SLACK_HUMAN_TOKEN = 'xoxp-dana-human';
/** The seeded public channel's topic, which a live sandbox channel gets back before each check. */
export const SEED_TOPIC = 'Company-wide announcements';

export interface SlackSeed {
  /** A public channel the bot is a member of, with a few messages from people. */
  channel: string;
  /** A private channel the bot and the human are in (where internal notes belong). */
  privateChannel: string;
  botUserId: string;
  humanUserId: string;
  tokens: { agent: string; human: string };
}

export interface SlackSimulatorOptions {
  clock?: Clock;
  /** Slack's documented per-method limits (default on). */
  rateLimits?: boolean;
  /**
   * The kind of app the bot tokens (xoxb-) belong to (default `internal`): a `non-marketplace` app gets
   * one conversations.history and one conversations.replies a minute, 15 messages a page at most;
   * `marketplace` and `internal` apps get Tier 3 (50 a minute) and pages of up to 999.
   */
  appKind?: SlackAppKind;
  /**
   * The workspace's own emoji, as emoji.list lists them: a name to an image's url, or `alias:<name>`
   * for another name of an emoji, custom or standard (`{ partyparrot: 'https://…', pp: 'alias:partyparrot' }`).
   * Reactions by an alias are kept under the emoji it stands for. Later ones: `workspace.customEmoji`.
   */
  customEmoji?: Record<string, string>;
  /** Scopes the bot tokens were not granted (default none; e.g. `emoji:read`): emoji.list then answers missing_scope. */
  withheldScopes?: string[];
}

export interface SlackSimulator extends SimulatorHandle<SlackSeed, WorkspaceState> {
  /** The raw state, for tests that arrange what the API cannot (or should not) do. */
  readonly workspace: Workspace;
  /** `slackApiUrl` for a WebClient: the url plus `/api/`. */
  readonly apiUrl: string;
  /** A WebClient for the seeded human (a user token), or for any token: each token is another person. */
  client(token?: string): WebClient;
}

const METHODS: Record<string, Method> = { ...chatMethods, ...conversationMethods, ...userMethods, ...emojiMethods };

export async function createSlackSimulator(options: SlackSimulatorOptions = {}): Promise<SlackSimulator> {
  const nextUserId = createPrefixedIds('U', { start: 100 });
  const router = createRouter();
  let workspace!: Workspace;
  const answer = (request: SimulatorRequest) => ({ status: 200, headers: { 'x-slack-req-id': `sim-${request.clock.now().toString(36)}` }, body: callMethod(workspace, request) });
  router.post('/api/:method', answer).get('/api/:method', answer);

  const server = await startSimulatorServer({
    router,
    ...(options.clock ? { clock: options.clock } : {}),
    rateLimits: options.rateLimits === false ? [] : slackRateLimits(options.appKind),
    users: { [SLACK_AGENT_TOKEN]: { id: 'U0AGENTBOT', name: 'backspace-agent' }, [SLACK_HUMAN_TOKEN]: { id: 'U0DANA0001', name: 'dana' } },
    createUser: (_token, ordinal) => ({ id: nextUserId(), name: `person-${ordinal}` }),
  });
  workspace = new Workspace(server.clock, options.appKind);
  for (const [name, value] of Object.entries(options.customEmoji ?? {})) workspace.customEmoji.set(name, value);
  for (const scope of options.withheldScopes ?? []) workspace.withheldScopes.add(scope);
  const seed = seedWorkspace(workspace, server.users.forToken(SLACK_AGENT_TOKEN), server.users.forToken(SLACK_HUMAN_TOKEN));
  const apiUrl = `${server.url}/api/`;
  const handle = toSimulatorHandle(
    server,
    seed,
    () => {
      workspace.postDueMessages();
      return inspectWorkspace(workspace);
    },
    { tokens: seed.tokens, inspectResource: (resource) => inspectResource(workspace, resource) },
  );
  return {
    ...handle,
    workspace,
    apiUrl,
    client: (token = SLACK_HUMAN_TOKEN) => new WebClient(token, { slackApiUrl: apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true }),
  };
}

function callMethod(workspace: Workspace, request: SimulatorRequest): Record<string, unknown> {
  workspace.postDueMessages();
  const method = METHODS[request.params['method'] ?? ''];
  if (!method) return { ok: false, error: 'unknown_method' };
  if (!request.user) return { ok: false, error: 'not_authed' };
  if (!/^xox[bp]-/.test(request.user.token)) return { ok: false, error: 'invalid_auth' };
  const body = typeof request.body === 'object' && request.body !== null ? (request.body as Arguments) : {};
  const args: Arguments = { ...request.query, ...body };
  delete args['token'];
  try {
    const actor = workspace.member(request.user);
    // A private channel is hidden from everyone outside it: Slack answers as if it did not exist.
    const named = typeof args['channel'] === 'string' ? workspace.channels.get(args['channel']) : undefined;
    if (named?.isPrivate && !named.members.has(actor.id)) return { ok: false, error: 'channel_not_found' };
    return { ok: true, ...method({ workspace, actor, args }) };
  } catch (error) {
    if (error instanceof SlackApiError) return { ok: false, error: error.error, ...error.details };
    throw error;
  }
}

function seedWorkspace(workspace: Workspace, bot: { id: string; name: string; token: string }, human: { id: string; name: string; token: string }): SlackSeed {
  const botMember = workspace.member(bot);
  const humanMember = workspace.member(human);
  botMember.realName = 'Backspace Agent';
  humanMember.realName = 'Dana Whitfield';
  const general = workspace.createChannel('general', humanMember.id, false, true);
  general.members.add(botMember.id);
  general.topic = { value: SEED_TOPIC, creator: humanMember.id, last_set: workspace.seconds() };
  const leadership = workspace.createChannel('acme-account-team', humanMember.id, true);
  leadership.members.add(botMember.id);
  workspace.post(general, humanMember, { text: 'Welcome to #general!' });
  workspace.post(general, humanMember, { text: 'Standup moved to 10:00 tomorrow.' });
  workspace.post(leadership, humanMember, { text: 'ACME renewal call is on Thursday.' });
  return {
    channel: general.id,
    privateChannel: leadership.id,
    botUserId: botMember.id,
    humanUserId: humanMember.id,
    tokens: { agent: bot.token, human: human.token },
  };
}
