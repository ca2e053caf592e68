// createAsanaAdapter: Backspace's adapter for Asana on the official `asana` SDK (v3).
import { adapterToken, BackspaceError, resourceKey, type Adapter, type Snapshot } from '@backspace/core/adapter-kit';
import { AsanaClient } from './client.js';
import { compensations } from './compensations.js';
import { describeAsanaResource, isAsanaApi } from './describe.js';
import { AsanaNames } from './names.js';
import { asanaResourceFromUrl } from './resource-from-url.js';
import { storyCreate } from './actions/story-create.js';
import { subtaskCreate } from './actions/subtask-create.js';
import { taskCreate } from './actions/task-create.js';
import { taskDelete } from './actions/task-delete.js';
import { taskFollowerAdd } from './actions/task-follower-add.js';
import { taskParentSet } from './actions/task-parent-set.js';
import { taskProjectAdd } from './actions/task-project-add.js';
import { taskProjectRemove } from './actions/task-project-remove.js';
import { taskTagAdd } from './actions/task-tag-add.js';
import { taskUpdate } from './actions/task-update.js';
import { readOnes, readResources } from './read-resources.js';
import { taskActors, VERSION_FIELD } from './snapshot.js';
import { taskLastWriters } from './task-stories.js';
import type { AsanaTokenKind } from './token-kind.js';

export const ASANA_TOKEN_VARIABLE = 'ASANA_TOKEN';
const DEFAULT_BASE_URL = 'https://app.asana.com/api/1.0';
/** What a missing token's error says first; the kit adds where a token can come from. */
const ASANA_TOKEN_NEEDED = 'createAsanaAdapter needs an Asana token (a personal access token or an OAuth access token)';

export interface AsanaAdapterSettings {
  /** A ready client (its token and base path are used as they are). */
  client?: AsanaClient;
  /** A personal access token or an OAuth access token; default: the ASANA_TOKEN environment variable. */
  token?: string;
  /** The API root, `https://app.asana.com/api/1.0` by default; a bare origin (a simulator's url) gets `/api/1.0` added. */
  baseUrl?: string;
  /** Overrides the token kind read from the token's form (`1/` or `2/` prefix: personal; otherwise OAuth). */
  tokenKind?: AsanaTokenKind;
  /**
   * How long one request may take, answer included, before it is aborted (default 30 s): a timed-out
   * write is an unknown outcome, looked up before anything is resent. A ready client keeps the timeout
   * it was built with (`new AsanaClient({ ..., timeoutMs })`); passing both is refused.
   */
  timeoutMs?: number;
}

/**
 * Every action. Core runs each write, lookup and inverse under its call's or run's signal, and the
 * client drops every request it sends when that signal aborts (the kill switch).
 */
export const asanaActions = [taskCreate, subtaskCreate, taskUpdate, taskDelete, storyCreate, taskProjectAdd, taskProjectRemove, taskParentSet, taskTagAdd, taskFollowerAdd];

/** The Asana adapter, its actions typed by name (`session.run('asana.task.update', …)` checks its input). */
export type AsanaAdapter = Adapter<AsanaClient, typeof asanaActions>;

export function createAsanaAdapter(settings: AsanaAdapterSettings = {}): AsanaAdapter {
  if (settings.client && settings.timeoutMs !== undefined) {
    throw new BackspaceError('invalid_config', 'createAsanaAdapter uses a ready client as it is: give timeoutMs to new AsanaClient instead', { details: { setting: 'timeoutMs' } });
  }
  const client = settings.client ?? new AsanaClient({ token: adapterToken(settings, ASANA_TOKEN_VARIABLE, ASANA_TOKEN_NEEDED), basePath: apiRoot(settings.baseUrl), ...(settings.tokenKind ? { tokenKind: settings.tokenKind } : {}), ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}) });
  const names = new AsanaNames(client);
  return {
    provider: 'asana',
    client,
    actions: asanaActions,
    // Through the Batch API: a task with its comments in one request (its subtasks in a second, when it
    // has some); fifty resources for planning in about ten.
    read: async (resource) => {
      const read = (await readResources(client, [resource])).get(resourceKey(resource)) ?? null;
      if (read instanceof Error) throw read;
      return read;
    },
    // A resource whose read failed is left out, so the engine reads it alone and only it is unreachable.
    readMany: async (resources) => readOnes(await readResources(client, resources)),
    // The inverses several actions share; the others are declared beside their actions. Each request of
    // either stops when its run's signal aborts, as an action's do.
    compensations,
    // A person who set a field to the very value the agent left is told apart by the task's stories, read
    // only when its `modified_at` moved since the rollback's newest write on it.
    versionField: VERSION_FIELD,
    lastWriters: (resource) => taskLastWriters(client, resource),
    // Asana allows 150 requests a minute per token (free tier) for reads and writes together, each batch
    // action counted as one; a rollback step spends about three (the write, then the task and its comments
    // read to verify it, and its subtasks when it has any), so it paces writes to 50.
    rateLimit: { requests: 50, windowMs: 60_000 },
    // The client's token, a ready client's included, and any other the caller named.
    secrets: () => [...new Set([client.token, settings.token].filter((secret): secret is string => Boolean(secret)))],
    actors: (snapshot: Snapshot) => taskActors(snapshot),
    describe: (resource, snapshot, known) => describeAsanaResource(resource, snapshot, !settings.client && isAsanaApi(settings.baseUrl), known),
    // People by the ids actors() gives (`asana:user:<gid>`) and a comment's task, each asked once.
    lookupNames: (lookup) => names.lookup(lookup),
    resourceFromUrl: asanaResourceFromUrl,
  };
}

function apiRoot(baseUrl: string | undefined): string {
  if (!baseUrl) return DEFAULT_BASE_URL;
  const url = new URL(baseUrl);
  return url.pathname === '/' || url.pathname === '' ? `${url.origin}/api/1.0` : baseUrl.replace(/\/+$/, '');
}
