// createLinearAdapter: Backspace's Linear adapter on the official @linear/sdk LinearClient.
import { LinearClient } from '@linear/sdk';
import { BackspaceError, type Adapter } from '@backspace/core';
import { commentCreate } from './actions/comment-create.js';
import { issueArchive } from './actions/issue-archive.js';
import { issueCreate } from './actions/issue-create.js';
import { issueDelete } from './actions/issue-delete.js';
import { issueUpdate } from './actions/issue-update.js';
import { labelAdd, labelRemove } from './actions/label-change.js';
import { relationCreate } from './actions/relation-create.js';
import { compensations } from './compensations.js';
import { LinearCalls } from './linear-calls.js';
import { readComment, readIssue, readRelation } from './snapshots.js';

export interface LinearAdapterSettings {
  /** A LinearClient you built; it must not retry on its own (LinearClient does not). */
  client?: LinearClient;
  /** A Linear API key; defaults to the LINEAR_API_KEY environment variable. */
  token?: string;
  /** The API's base URL (`https://api.linear.app`) or its GraphQL endpoint; a simulator's url in tests. */
  baseUrl?: string;
}

/** Linear's documented budget for an API key: 5,000 requests an hour. Rollbacks pace themselves by it. */
export const LINEAR_RATE_LIMIT = { requests: 5_000, windowMs: 3_600_000 };

export function createLinearAdapter(settings: LinearAdapterSettings = {}): Adapter<LinearCalls> {
  const token = settings.token ?? process.env.LINEAR_API_KEY;
  if (!settings.client && !token) {
    throw new BackspaceError('invalid_config', 'linear: no API key; pass { token } or set LINEAR_API_KEY');
  }
  const apiUrl = settings.baseUrl ? graphqlEndpoint(settings.baseUrl) : undefined;
  const sdk = settings.client ?? new LinearClient({ apiKey: token!, ...(apiUrl ? { apiUrl } : {}) });
  const secrets = token ? [token] : [];
  const client = new LinearCalls(sdk, secrets);
  return {
    provider: 'linear',
    client,
    actions: [issueCreate, issueUpdate, issueArchive, issueDelete, commentCreate, relationCreate, labelAdd, labelRemove],
    read: (resource) => {
      if (resource.type === 'issue') return readIssue(client, resource.id);
      if (resource.type === 'comment') return readComment(client, resource.id);
      if (resource.type === 'relation') return readRelation(client, resource.id);
      throw new BackspaceError('invalid_input', `linear: no reader for resource type ${resource.type}`);
    },
    compensations,
    rateLimit: LINEAR_RATE_LIMIT,
    secrets: () => secrets,
    actors: (snapshot) => [snapshot.creatorId, snapshot.assigneeId, snapshot.userId, ...(Array.isArray(snapshot.commenters) ? snapshot.commenters : [])].filter((actor): actor is string => typeof actor === 'string'),
  };
}

function graphqlEndpoint(baseUrl: string): string {
  const trimmed = baseUrl.replace(/\/+$/, '');
  return trimmed.endsWith('/graphql') ? trimmed : `${trimmed}/graphql`;
}
