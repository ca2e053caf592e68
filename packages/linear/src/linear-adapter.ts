// createLinearAdapter: Backspace's Linear adapter on the official @linear/sdk LinearClient.
import { LinearClient, type LinearClientOptions } from '@linear/sdk';
import { adapterToken, BackspaceError, requestSignal, resourceKey, type Adapter } from '@backspace/core/adapter-kit';
import { commentCreate } from './actions/comment-create.js';
import { issueArchive } from './actions/issue-archive.js';
import { issueCreate } from './actions/issue-create.js';
import { issueDelete } from './actions/issue-delete.js';
import { issueUpdate } from './actions/issue-update.js';
import { labelAdd, labelRemove } from './actions/label-change.js';
import { relationCreate } from './actions/relation-create.js';
import { compensations } from './compensations.js';
import { describeLinearResource } from './describe.js';
import { linearResourceFromUrl } from './resource-from-url.js';
import { LinearCalls } from './linear-calls.js';
import { isUuid, issueRef } from './actions/issue-input.js';
import { readComment, readIssue, readIssues, readRelation } from './snapshots.js';
import { issueLastWriters } from './history.js';
import { LinearNames } from './names.js';

export interface LinearAdapterSettings {
  /**
   * A LinearClient you built; it must not retry on its own (LinearClient does not). It is used as it
   * is: its requests keep the signal you gave it, so the kill switch cannot stop them in flight.
   */
  client?: LinearClient;
  /** A Linear API key; defaults to the LINEAR_API_KEY environment variable. */
  token?: string;
  /** The API's base URL (`https://api.linear.app`) or its GraphQL endpoint; a simulator's url in tests. */
  baseUrl?: string;
  /**
   * How long one request may take, answer included, before it is aborted (default 30 s): a timed-out
   * write is an unknown outcome, looked up by its key before anything is resent. A ready client keeps
   * its own options; passing both `client` and `timeoutMs` is refused.
   */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

const LINEAR_TOKEN_VARIABLE = 'LINEAR_API_KEY';

/** Linear's documented budget for an API key: 5,000 requests an hour. Rollbacks pace themselves by it. */
export const LINEAR_RATE_LIMIT = { requests: 5_000, windowMs: 3_600_000 };

/**
 * Every action; each request an action or its inverses make is stopped by its call's or run's signal
 * (the kill switch), through the client's per-request signal.
 */
export const linearActions = [issueCreate, issueUpdate, issueArchive, issueDelete, commentCreate, relationCreate, labelAdd, labelRemove];

/** The Linear adapter, its actions typed by name (`session.run('linear.issue.update', …)` checks its input). */
export type LinearAdapter = Adapter<LinearCalls, typeof linearActions>;

export function createLinearAdapter(settings: LinearAdapterSettings = {}): LinearAdapter {
  // A ready client carries its own key; without one the adapter needs a key to build its client.
  const token = settings.client ? (settings.token ?? process.env[LINEAR_TOKEN_VARIABLE]) : adapterToken(settings, LINEAR_TOKEN_VARIABLE, 'linear: no API key');
  if (settings.client && settings.timeoutMs !== undefined) {
    throw new BackspaceError('invalid_config', 'linear: a ready LinearClient is used as it is; give it a signal of its own instead of timeoutMs', { details: { setting: 'timeoutMs' } });
  }
  const apiUrl = settings.baseUrl ? graphqlEndpoint(settings.baseUrl) : undefined;
  const sdk = settings.client ?? timedClient({ apiKey: token!, ...(apiUrl ? { apiUrl } : {}) }, settings.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  // Every key the adapter can reach, the ready client's own included, is scrubbed from errors and the journal.
  const secrets = [...new Set([token, settings.client && clientKey(settings.client)].filter((secret): secret is string => Boolean(secret)))];
  const client = new LinearCalls(sdk, secrets);
  const names = new LinearNames(client);
  return {
    provider: 'linear',
    client,
    actions: linearActions,
    read: (resource) => {
      if (resource.type === 'issue') return readIssue(client, resource.id);
      if (resource.type === 'comment') return readComment(client, resource.id);
      if (resource.type === 'relation') return readRelation(client, resource.id);
      throw new BackspaceError('invalid_input', `linear: no reader for resource type ${resource.type}`);
    },
    // Planning's reads, batched: every issue named by its UUID in one request per 50 (Linear's
    // `issues(filter: { id: { in } })`). Comments, relations and an issue the answer leaves out (it
    // may be gone for good) are read one by one.
    readMany: async (resources) => {
      const ids = resources.filter((resource) => resource.type === 'issue' && isUuid(resource.id)).map((resource) => resource.id);
      const found = await readIssues(client, ids);
      return new Map([...found].map(([id, snapshot]) => [resourceKey(issueRef(id)), snapshot]));
    },
    // A person who set a field to the very value the agent left is told from the agent by the issue's
    // history, read only when its `updatedAt` moved since the rollback's newest write on it.
    versionField: 'updatedAt',
    lastWriters: async (resource) => (resource.type === 'issue' ? issueLastWriters(client, resource.id) : new Map()),
    compensations,
    rateLimit: LINEAR_RATE_LIMIT,
    secrets: () => secrets,
    actors: (snapshot) => [snapshot.creatorId, snapshot.assigneeId, snapshot.userId, ...(Array.isArray(snapshot.commenters) ? snapshot.commenters : [])].filter((actor): actor is string => typeof actor === 'string'),
    describe: describeLinearResource,
    // People by the ids actors() gives (user UUIDs) and the issue a comment sits on (its identifier).
    lookupNames: (lookup) => names.lookup(lookup),
    resourceFromUrl: (url) => linearResourceFromUrl(client, url),
  };
}

/**
 * A LinearClient whose every request is aborted after `timeoutMs`, or as soon as the kill switch stops
 * the call it serves. LinearClient hands its options to fetch with each request (`signal` among them, as
 * RequestInit); a getter gives each request a fresh signal where a plain value would expire once, for good.
 */
function timedClient(options: LinearClientOptions, timeoutMs: number): LinearClient {
  const sdk = new LinearClient(options);
  Object.defineProperty(sdk.options, 'signal', { enumerable: true, get: () => requestSignal(timeoutMs) });
  return sdk;
}

/** The API key or OAuth access token a LinearClient sends, from its own options. */
function clientKey(sdk: LinearClient): string | undefined {
  const authorization = new Headers(sdk.options.headers).get('authorization');
  return authorization?.replace(/^Bearer\s+/i, '') || undefined;
}

function graphqlEndpoint(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/graphql') ? trimmed : `${trimmed}/graphql`;
}
