// createNotionSimulator: the Notion API on loopback, for @notionhq/client through its `baseUrl`.
import { randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@backspace/core';
import { createRouter, createUuids, SimulatorHttpError, startSimulatorServer, toSimulatorHandle, type RouteHandler, type Router, type SimulatorHandle, type SimulatorRequest, type SimulatorResponse } from '@backspace/simulator-kit';
import { inspectResource } from './inspect.js';
import { notionError, notionRateLimitResponse } from './notion-errors.js';
import { addBlockRoutes } from './routes-blocks.js';
import { addCommentRoutes } from './routes-comments.js';
import { addDataSourceRoutes } from './routes-data-sources.js';
import { addPageRoutes } from './routes-pages.js';
import { addUserRoutes, type WorkspaceMember } from './routes-users.js';
import type { RouteTable } from './route-table.js';
import { seedWorkspace, type NotionSeed } from './seed.js';
import { createNotionStore, type NotionState } from './store.js';
import { deleteForever } from './trash.js';

/**
 * The API versions the simulator answers in: Notion's current one, 2026-03-11 (`archived` removed, only
 * `in_trash`; `position` instead of `after` on appends), and 2025-09-03, which @notionhq/client (5.26)
 * still sends by default, so a Client built without `notionVersion` keeps working, as on Notion.
 */
export const SIMULATED_VERSION = '2026-03-11';
export const SERVED_VERSIONS = [SIMULATED_VERSION, '2025-09-03'] as const;

export const NOTION_AGENT_TOKEN = 'secret_backspace_agent_integration';
export const NOTION_HUMAN_TOKEN = 'secret_backspace_human_dana';

export interface NotionSimulatorOptions {
  clock?: Clock;
  /**
   * Requests per integration token. Notion documents "an average of three requests per second, some
   * bursts allowed": by default 2700 per 15 minutes, an average of 3/s that lets a burst through.
   * `false` switches it off.
   */
  rateLimit?: { limit: number; windowMs: number } | false;
}

export interface RecordedResponse {
  method: string;
  path: string;
  /** The Notion-Version the request was sent with. */
  version: string | undefined;
  status: number;
  body: unknown;
}

export interface NotionSimulator extends SimulatorHandle<NotionSeed, NotionState> {
  tokens: { agent: string; human: string };
  users: { agent: string; human: string; owner: string };
  /** The workspace's members by id, as "Retrieve a user" answers them: the integration, Dana, the pages' owner. */
  members: ReadonlyMap<string, WorkspaceMember>;
  /** Every answer a route gave (status and body), for the fidelity check. */
  responses(): RecordedResponse[];
  /**
   * Empties Notion's trash, as a person's "Delete permanently" or the 30-day retention does: the blocks
   * given (each in the trash), or all there, are gone for good with what is under them; returns their ids.
   */
  deleteForever(blockIds?: readonly string[]): string[];
}

export async function createNotionSimulator(options: NotionSimulatorOptions = {}): Promise<NotionSimulator> {
  const clock = options.clock ?? systemClock;
  const store = createNotionStore(clock);
  const userIds = createUuids(0xa11ce);
  const users = { agent: userIds(), human: userIds(), owner: userIds() };
  const recorded: RecordedResponse[] = [];

  const router = createRouter();
  router.notFound(() => notionError(400, 'invalid_request_url', 'Invalid request URL.').response);
  const guarded = guardRoutes(router, recorded);
  const userId = (request: SimulatorRequest) => request.user!.id;
  addPageRoutes(guarded, store, userId);
  addBlockRoutes(guarded, store, userId);
  addCommentRoutes(guarded, store, userId);
  addDataSourceRoutes(guarded, store, userId);
  const members = new Map<string, WorkspaceMember>([
    [users.agent, { type: 'bot', name: 'Backspace agent' }],
    [users.human, { type: 'person', name: 'Dana', email: 'dana@example.com' }],
    [users.owner, { type: 'person', name: 'Olive Owner', email: 'olive@example.com' }],
  ]);
  // After /v1/users/me, which the first matching route answers.
  addUserRoutes(guarded, members);
  const seed = seedWorkspace(store, users.owner);

  const limit = options.rateLimit === undefined ? { limit: 2700, windowMs: 15 * 60_000 } : options.rateLimit;
  const server = await startSimulatorServer({
    router,
    clock,
    users: { [NOTION_AGENT_TOKEN]: { id: users.agent, name: members.get(users.agent)!.name }, [NOTION_HUMAN_TOKEN]: { id: users.human, name: members.get(users.human)!.name } },
    createUser: () => ({ id: userIds(), name: 'Notion user' }),
    rateLimits: limit ? [{ family: 'integration', limit: limit.limit, windowMs: limit.windowMs, per: 'token', respond: notionRateLimitResponse }] : [],
  });
  return {
    ...toSimulatorHandle(server, seed, () => store as NotionState, { tokens: { agent: NOTION_AGENT_TOKEN, human: NOTION_HUMAN_TOKEN }, inspectResource: (resource) => inspectResource(store as NotionState, resource) }),
    users,
    members,
    responses: () => [...recorded],
    deleteForever: (blockIds) => deleteForever(store, blockIds),
  };
}

/** Every route: a token and a Notion-Version header first, as Notion checks them; answers recorded. */
function guardRoutes(router: Router, recorded: RecordedResponse[]): RouteTable {
  const wrap = (handler: RouteHandler): RouteHandler => async (request) => {
    let response: SimulatorResponse;
    try {
      // Notion takes only `Bearer <token>`; the harness would read an empty "Bearer " as a bare token.
      if (!request.user || !/^bearer\s+\S/i.test(request.headers.authorization ?? '')) throw notionError(401, 'unauthorized', 'API token is invalid.');
      const version = request.headers['notion-version'];
      if (!version) throw notionError(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.');
      // Older versions answer in other shapes (databases, not data sources): refuse rather than mislead.
      if (!(SERVED_VERSIONS as readonly string[]).includes(version)) throw notionError(400, 'validation_error', `Notion-Version header failed validation: this simulator serves ${SERVED_VERSIONS.map((served) => `\`${served}\``).join(' and ')}, instead was \`${version}\`.`);
      if (version === SIMULATED_VERSION) refuseRemovedParameters(request);
      response = await handler(request);
      if (version === SIMULATED_VERSION) response = { ...response, body: withoutArchived(response.body) };
    } catch (error) {
      if (!(error instanceof SimulatorHttpError)) throw error;
      response = error.response;
    }
    // Notion tags every answer with a request id: a header always, and a field on list bodies.
    const requestId = randomUUID();
    const body = response.body as { object?: string } | undefined;
    if (body?.object === 'list') response = { ...response, body: { ...body, request_id: requestId } };
    response = { ...response, headers: { 'x-notion-request-id': requestId, ...response.headers } };
    recorded.push({ method: request.method, path: request.path, version: request.headers['notion-version'], status: response.status, body: response.body });
    return response;
  };
  const guarded: RouteTable = {
    get: (pattern, handler) => (router.get(pattern, wrap(handler)), router),
    post: (pattern, handler) => (router.post(pattern, wrap(handler)), router),
    patch: (pattern, handler) => (router.patch(pattern, wrap(handler)), router),
    delete: (pattern, handler) => (router.delete(pattern, wrap(handler)), router),
  };
  return guarded;
}


/** What 2026-03-11 removed from requests: `archived` (use `in_trash`) and an append's `after` (use `position`). */
function refuseRemovedParameters(request: SimulatorRequest): void {
  const body = (request.body ?? {}) as Record<string, unknown>;
  if (typeof body !== 'object' || Array.isArray(body)) return;
  if ('archived' in body) throw notionError(400, 'validation_error', 'body failed validation: body.archived should be not present, instead was `' + JSON.stringify(body.archived) + '`. Use `in_trash`.');
  if ('after' in body && request.method === 'PATCH' && request.path.endsWith('/children')) {
    throw notionError(400, 'validation_error', 'body failed validation: body.after should be not present, instead was `' + JSON.stringify(body.after) + '`. Use `position`.');
  }
}

/** 2026-03-11 answers carry `in_trash` only: pages, blocks and data sources, alone or listed. */
function withoutArchived(body: unknown): unknown {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return body;
  const { archived: _archived, ...rest } = body as Record<string, unknown>;
  if (Array.isArray(rest.results)) rest.results = rest.results.map(withoutArchived);
  return rest;
}
