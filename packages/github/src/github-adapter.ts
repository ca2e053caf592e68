// createGithubAdapter: the GitHub actions, their inverses and the resource reader, on @octokit/rest.
import { adapterToken, BackspaceError, type Adapter } from '@backspace/core/adapter-kit';
import { createGithubClient, type GithubClient } from './client.js';
import { githubCompensations } from './compensations.js';
import { describeGithubResource, webRoot } from './describe.js';
import { githubResourceFromUrl } from './resource-from-url.js';
import { readResource } from './read.js';
import { readIssues } from './read-issues.js';
import { issueLastWriters } from './issue-events.js';
import { branchCreate } from './actions/branch-create.js';
import { filePut } from './actions/file-put.js';
import { issueCommentCreate } from './actions/issue-comment-create.js';
import { issueCommentUpdate } from './actions/issue-comment-update.js';
import { issueCreate } from './actions/issue-create.js';
import { issueUpdate } from './actions/issue-update.js';
import { labelsAdd } from './actions/labels-add.js';
import { pullCreate } from './actions/pull-create.js';
import { pullMerge } from './actions/pull-merge.js';

export const GITHUB_TOKEN_VARIABLE = 'GITHUB_TOKEN';

export interface GithubAdapterSettings {
  /** A ready client (from `createGithubClient`); its token is one of the adapter's secrets, its timeout its own. */
  client?: GithubClient;
  /** A GitHub token; defaults to the GITHUB_TOKEN environment variable. */
  token?: string;
  /** The REST API root, e.g. a simulator's URL or `https://ghe.example.com/api/v3`. */
  baseUrl?: string;
  /**
   * How long one request may take before it is aborted (default 30 s): a timed-out write is an unknown
   * outcome, looked up by its key before anything is resent. A ready client keeps the timeout it was
   * built with (`createGithubClient(token, baseUrl, { timeoutMs })`).
   */
  timeoutMs?: number;
  /**
   * The token's login when known, so it is never asked (`login`), or the GitHub App's slug for an App
   * installation token (`appSlug`: its bot is `<slug>[bot]`). Without either, the login is asked once per
   * adapter: GET /user, or GraphQL `viewer` where GitHub refuses an App token GET /user.
   */
  login?: string;
  appSlug?: string;
}

/**
 * Every action, each request it makes stopped by its call's signal (the kill switch), and so is each
 * request of the inverses it declares beside it.
 */
export const githubActions = [issueCreate, issueUpdate, issueCommentCreate, issueCommentUpdate, labelsAdd, branchCreate, filePut, pullCreate, pullMerge];

/** The GitHub adapter, its actions typed by name (`session.run('github.issue.update', …)` checks its input). */
export type GithubAdapter = Adapter<GithubClient, typeof githubActions>;

export function createGithubAdapter(settings: GithubAdapterSettings = {}): GithubAdapter {
  // A ready client carries its own token; without one the adapter needs a token to build its client.
  const token = settings.client ? (settings.token ?? process.env[GITHUB_TOKEN_VARIABLE]) : adapterToken(settings, GITHUB_TOKEN_VARIABLE, 'the GitHub adapter needs a token');
  for (const setting of ['timeoutMs', 'login', 'appSlug'] as const) {
    if (settings.client && settings[setting] !== undefined) {
      throw new BackspaceError('invalid_config', `the GitHub adapter uses a ready client as it is: give ${setting === 'timeoutMs' ? 'timeoutMs' : 'login'} to createGithubClient instead`, { details: { setting } });
    }
  }
  if (settings.login !== undefined && settings.appSlug !== undefined) {
    throw new BackspaceError('invalid_config', 'give the GitHub adapter login or appSlug, not both', { details: { setting: 'appSlug' } });
  }
  const login = settings.login ?? (settings.appSlug !== undefined ? `${settings.appSlug}[bot]` : undefined);
  const client = settings.client ?? createGithubClient(token!, settings.baseUrl, { timeoutMs: settings.timeoutMs, login });
  // Every token the adapter can reach, the ready client's own included, is scrubbed from the journal.
  const secrets = [...new Set([token, client.token].filter((secret): secret is string => Boolean(secret)))];
  return {
    provider: 'github',
    client,
    actions: githubActions,
    read: (resource, scope) => readResource(client, resource, scope),
    // Issues, many in one GraphQL request; anything else is left out and read one by one.
    readMany: (resources) => readIssues(client, resources.filter((resource) => resource.type === 'issue')),
    // A person who closed again the issue the agent closed, or gave it back the agent's title or label, is
    // told from the agent by the issue's events, read only when its `updated_at` moved since the
    // rollback's newest write on it.
    versionField: 'updated_at',
    lastWriters: (resource) => issueLastWriters(client, resource),
    // The inverses several actions share; the others are declared beside their actions.
    compensations: githubCompensations(),
    // GitHub's documented secondary limit on content-creating requests: 80 a minute.
    rateLimit: { requests: 80, windowMs: 60_000 },
    secrets: () => secrets,
    actors: (snapshot) => [snapshot.author, snapshot.head_author].filter((actor): actor is string => typeof actor === 'string'),
    describe: (resource, snapshot) => describeGithubResource(resource, snapshot, settings.client ? null : webRoot(settings.baseUrl)),
    resourceFromUrl: githubResourceFromUrl,
  };
}
