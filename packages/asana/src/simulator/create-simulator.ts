// createAsanaSimulator: the Asana REST API under /api/1.0 on loopback, for the official SDK unchanged.
import { systemClock, type Clock } from '@backspace/core';
import { createRouter, startSimulatorServer, toSimulatorHandle, type RateLimiter, type SimulatorHandle } from '@backspace/simulator-kit';
import { inspectResource } from './inspect-resource.js';
import { asanaErrorBody, asanaRateLimitResponse } from './asana-errors.js';
import type { AsanaState, TaskRecord } from './model.js';
import { createRouteKit } from './route-kit.js';
import { addAttachmentRoutes } from './routes-attachments.js';
import { addBatchRoutes } from './routes-batch.js';
import { addDirectoryRoutes } from './routes-directory.js';
import { addStoryRoutes } from './routes-stories.js';
import { addTaskRelationRoutes } from './routes-task-relations.js';
import { addTaskRoutes } from './routes-tasks.js';
import { SEED_USERS, seedAsana, type AsanaSeed } from './seed.js';
import { AsanaStore } from './store.js';

/** The path prefix of every Asana API route; the SDK's `basePath` ends with it. */
export const ASANA_API_PREFIX = '/api/1.0';

/** Asana's standard rate limit: every request a token makes, each action of a batch as one (the batch itself costs nothing). */
const RATE_LIMIT_FAMILY = 'standard';
const BATCH_PATH = `${ASANA_API_PREFIX}/batch`;

export interface AsanaSimulatorOptions {
  /** Timestamps and the rate-limit window; `scaledClock(60)` makes Asana's minute last a second. */
  clock?: Clock;
  /** Requests per minute per token (Asana's free tier: 150); `false` turns the limit off. */
  requestsPerMinute?: number | false;
  /** How long each write stays in flight on the simulator clock (to reach the 15-concurrent-writes limit). */
  writeLatencyMs?: number;
  /** Tasks seeded in the main project (default 16). */
  taskCount?: number;
}

export interface AsanaTokens {
  /** The agent as an OAuth app: may write `external`, so its creates are found again by key. */
  agent: string;
  /** The same agent user with a personal access token: creates are found again by the matching rule. */
  agentPersonal: string;
  /** A human with a personal access token. */
  human: string;
}

export interface AsanaSimulator extends SimulatorHandle<AsanaSeed, AsanaState> {
  /** `url` plus `/api/1.0`: what `ApiClient.basePath` takes. */
  readonly basePath: string;
  readonly tokens: AsanaTokens;
  /** A task's raw record, trashed ones included (undefined when never created). */
  task(gid: string): TaskRecord | undefined;
  readonly store: AsanaStore;
}

export async function createAsanaSimulator(options: AsanaSimulatorOptions = {}): Promise<AsanaSimulator> {
  const clock = options.clock ?? systemClock;
  const store = new AsanaStore(clock);
  const userGids = { agent: store.newGid(), human: store.newGid(), teammate: store.newGid() };
  const tokens: AsanaTokens = {
    agent: 'backspace-oauth-access-token-agent',
    agentPersonal: `2/${userGids.agent}/1204999000000001:agentpersonalsecret`,
    human: `2/${userGids.human}/1204999000000002:humanpersonalsecret`,
  };
  const seed = seedAsana(store, options.taskCount ?? 16, userGids);

  const router = createRouter();
  const kit = createRouteKit({ store, ...(options.writeLatencyMs ? { writeLatencyMs: options.writeLatencyMs } : {}) });
  addTaskRoutes(router, store, kit, ASANA_API_PREFIX);
  addTaskRelationRoutes(router, store, kit, ASANA_API_PREFIX);
  addStoryRoutes(router, store, kit, ASANA_API_PREFIX);
  addAttachmentRoutes(router, store, kit, ASANA_API_PREFIX);
  addDirectoryRoutes(router, store, kit, ASANA_API_PREFIX);
  let limiter: RateLimiter | undefined;
  addBatchRoutes(router, ASANA_API_PREFIX, { family: RATE_LIMIT_FAMILY, limiter: () => limiter });
  router.notFound((request) => ({ status: 404, body: asanaErrorBody(`No matching route for request: ${request.method} ${request.path}`) }));

  const requestsPerMinute = options.requestsPerMinute ?? 150;
  const server = await startSimulatorServer({
    router,
    clock,
    users: {
      [tokens.agent]: { id: userGids.agent, name: SEED_USERS.agent.name },
      [tokens.agentPersonal]: { id: userGids.agent, name: SEED_USERS.agent.name },
      [tokens.human]: { id: userGids.human, name: SEED_USERS.human.name },
    },
    // Unknown tokens become new members of the workspace, with numeric gids like everyone else's.
    createUser: (_token, ordinal) => ({ id: store.newGid(), name: `Asana User ${ordinal}` }),
    rateLimits: requestsPerMinute === false ? [] : [{ family: RATE_LIMIT_FAMILY, limit: requestsPerMinute, windowMs: 60_000, per: 'token', match: (request) => request.path !== BATCH_PATH, respond: asanaRateLimitResponse }],
  });
  limiter = server.rateLimits;
  const handle = toSimulatorHandle(server, seed, () => structuredClone(store.state), { tokens, inspectResource: (resource) => inspectResource(store.state, resource) });
  return {
    ...handle,
    basePath: `${server.url}${ASANA_API_PREFIX}`,
    tokens,
    store,
    task: (gid) => store.state.tasks.find((task) => task.gid === gid),
  };
}
