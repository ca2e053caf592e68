// createLinearSimulator: a stateful Linear GraphQL API on loopback that `LinearClient` talks to via `apiUrl`.
import { systemClock, type Clock } from '@backspace/core';
import { createRouter, startSimulatorServer, toSimulatorHandle, type RateLimitResponder, type SimulatorHandle } from '@backspace/simulator-kit';
import { inspectResource } from './inspect-resource.js';
import { createGraphqlEndpoint, type RateLimitReader } from './graphql-endpoint.js';
import { errorBody } from './linear-errors.js';
import { LinearState } from './linear-state.js';
import { AGENT_TOKEN, HUMAN_TOKEN, SEED_ISSUES, SEED_LABELS, SEED_STATES, type LinearSeed } from './seed.js';

/** Linear's documented limits for an API key: 5,000 requests and 3,000,000 complexity points an hour. */
export const LINEAR_REQUESTS_PER_HOUR = 5_000;
export const LINEAR_COMPLEXITY_PER_HOUR = 3_000_000;
const HOUR_MS = 3_600_000;

export interface LinearSimulatorOptions {
  clock?: Clock;
  /** Overrides the hourly request budget per token (tests of rate limiting use a small one). */
  requestsPerHour?: number;
}

export interface LinearSimulator extends SimulatorHandle<LinearSeed, LinearState> {
  /** The GraphQL endpoint to give `LinearClient` as `apiUrl`. */
  readonly apiUrl: string;
  readonly state: LinearState;
}

// Linear answers a spent budget with HTTP 400 and a RATELIMITED GraphQL error, not a bare 429.
const linearRateLimited: RateLimitResponder = (retryAfterSeconds, _request, detail) => ({
  status: 400,
  headers: {
    'content-type': 'application/json; charset=utf-8',
    'retry-after': String(retryAfterSeconds),
    'x-ratelimit-requests-limit': String(detail.limit),
    'x-ratelimit-requests-remaining': '0',
    'x-ratelimit-requests-reset': String(Math.ceil(detail.resetAt)),
  },
  body: errorBody('ratelimited', 'Rate limit exceeded', 429),
});

export async function createLinearSimulator(options: LinearSimulatorOptions = {}): Promise<LinearSimulator> {
  const clock = options.clock ?? systemClock;
  const state = new LinearState(clock);
  const seed = seedWorkspace(state);
  const requestsPerHour = options.requestsPerHour ?? LINEAR_REQUESTS_PER_HOUR;

  const complexity = new Map<string, { start: number; spent: number }>();
  const complexityWindow = (userId: string) => {
    const now = clock.now();
    let window = complexity.get(userId);
    if (!window || now >= window.start + HOUR_MS) complexity.set(userId, (window = { start: now, spent: 0 }));
    return window;
  };
  let server: Awaited<ReturnType<typeof startSimulatorServer>> | undefined;
  const limits: RateLimitReader = {
    headers(userId) {
      const usage = server?.rateLimits.usage().find((entry) => entry.family === 'requests' && entry.key === `user:${userId}`);
      const window = complexityWindow(userId);
      return {
        'x-ratelimit-requests-limit': String(requestsPerHour),
        'x-ratelimit-requests-remaining': String(Math.max(0, requestsPerHour - (usage?.count ?? 0))),
        'x-ratelimit-requests-reset': String(Math.ceil(usage?.resetAt ?? clock.now() + HOUR_MS)),
        'x-ratelimit-complexity-limit': String(LINEAR_COMPLEXITY_PER_HOUR),
        'x-ratelimit-complexity-remaining': String(Math.max(0, LINEAR_COMPLEXITY_PER_HOUR - window.spent)),
        'x-ratelimit-complexity-reset': String(Math.ceil(window.start + HOUR_MS)),
      };
    },
    spendComplexity(userId, points) {
      const window = complexityWindow(userId);
      if (window.spent + points > LINEAR_COMPLEXITY_PER_HOUR) return window.start + HOUR_MS - clock.now();
      window.spent += points;
      return undefined;
    },
  };

  const router = createRouter();
  router.add('POST', '/graphql', createGraphqlEndpoint(state, limits));
  server = await startSimulatorServer({
    router,
    clock,
    users: { [AGENT_TOKEN]: { id: seed.users.agent, name: 'Backspace Agent' }, [HUMAN_TOKEN]: { id: seed.users.human, name: 'Hana Human' } },
    createUser: (_token, ordinal) => ({ id: state.newId(), name: `Linear user ${ordinal}` }),
    rateLimits: [{ family: 'requests', match: { method: 'POST', path: '/graphql' }, limit: requestsPerHour, windowMs: HOUR_MS, per: 'token', respond: linearRateLimited }],
  });
  const handle = toSimulatorHandle(server, seed, () => state, { tokens: seed.tokens, inspectResource: (resource) => inspectResource(state, resource) });
  return { ...handle, apiUrl: `${server.url}/graphql`, state };
}

function seedWorkspace(state: LinearState): LinearSeed {
  const team = { id: state.newId(), key: 'ENG', name: 'Engineering' };
  state.teams.set(team.id, team);
  const agent = { id: state.newId(), name: 'Backspace Agent' };
  const human = { id: state.newId(), name: 'Hana Human' };
  state.users.set(agent.id, agent);
  state.users.set(human.id, human);
  const project = { id: state.newId(), name: 'Checkout reliability' };
  state.projects.set(project.id, project);
  const workflowStates: Record<string, string> = {};
  for (const { name, type, position } of SEED_STATES) {
    const id = state.newId();
    state.states.set(id, { id, name, type, position, teamId: team.id });
    workflowStates[name] = id;
  }
  const labels: Record<string, string> = {};
  for (const name of SEED_LABELS) {
    const id = state.newId();
    state.labels.set(id, { id, name, teamId: team.id });
    labels[name] = id;
  }
  const issues: Record<string, string> = {};
  for (const issue of SEED_ISSUES) {
    const created = state.createIssue(
      { teamId: team.id, title: issue.title, description: issue.description, stateId: workflowStates[issue.state], labelIds: issue.labels.map((name) => labels[name]), priority: issue.priority },
      human.id,
    );
    issues[state.identifier(created)] = created.id;
  }
  // Made after the issues, so the ids seeded before stay as they were.
  const cycle = { id: state.newId(), number: 1, teamId: team.id };
  state.cycles.set(cycle.id, cycle);
  const milestone = { id: state.newId(), name: 'Beta', projectId: project.id };
  state.milestones.set(milestone.id, milestone);
  return {
    teamId: team.id,
    teamKey: team.key,
    workflowStates,
    labels,
    projectId: project.id,
    cycleId: cycle.id,
    projectMilestoneId: milestone.id,
    users: { agent: agent.id, human: human.id },
    tokens: { agent: AGENT_TOKEN, human: HUMAN_TOKEN },
    issues,
  };
}
