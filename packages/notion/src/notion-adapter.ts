// createNotionAdapter: Backspace's Notion adapter on @notionhq/client (API version 2026-03-11).
import type { Client } from '@notionhq/client';
import { adapterToken, BackspaceError, type Adapter } from '@backspace/core/adapter-kit';
import { blockAppend } from './actions/block-append.js';
import { blockDelete } from './actions/block-delete.js';
import { blockUpdate } from './actions/block-update.js';
import { commentCreate } from './actions/comment-create.js';
import { pageCreate } from './actions/page-create.js';
import { pageReplaceContent } from './actions/page-replace-content.js';
import { pageTrash } from './actions/page-trash.js';
import { pageUpdate } from './actions/page-update.js';
import { notionCompensations } from './compensations.js';
import { describeNotionResource, isNotionApi } from './describe.js';
import { NotionNames } from './names.js';
import { notionResourceFromUrl } from './resource-from-url.js';
import { createNotionClient, NotionApi } from './notion-api.js';
import { readResource, VERSION_FIELD } from './snapshots.js';
import { pageLastWriters } from './last-editor.js';
import { notionAffects } from './affects.js';

export const NOTION_TOKEN_VARIABLE = 'NOTION_TOKEN';

export interface NotionAdapterSettings {
  /**
   * A ready Client; it should be built with `retry: false`, as core's retry layer owns retries, and
   * a timeout. Give its `token` too: the Client keeps it private, and the adapter must know it to
   * scrub it from errors and the journal.
   */
  client?: Client;
  /** The integration token; defaults to the NOTION_TOKEN environment variable (not with a ready client). */
  token?: string;
  /** The API's base URL without `/v1` (a simulator's url in tests). */
  baseUrl?: string;
  /**
   * How long one request may take, answer included, before it is aborted (default 30 s): a timed-out
   * write is an unknown outcome, looked up before anything is resent. Not with a ready client.
   */
  timeoutMs?: number;
}

/**
 * Every action; each request an action or an inverse makes is stopped by its call's or run's signal (the
 * kill switch), which core runs them under and the client's fetch reads.
 */
export const notionActions = [pageCreate, pageUpdate, pageTrash, blockAppend, blockUpdate, blockDelete, pageReplaceContent, commentCreate];

/** The Notion adapter, its actions typed by name (`session.run('notion.page.update', …)` checks its input). */
export type NotionAdapter = Adapter<NotionApi, typeof notionActions>;

export function createNotionAdapter(settings: NotionAdapterSettings = {}): NotionAdapter {
  if (settings.client) {
    // The environment's token may not be the one the client holds: only the caller can say which it is.
    if (!settings.token) throw new BackspaceError('invalid_config', 'createNotionAdapter needs { token } with a ready client: the Client keeps its token private, and the adapter scrubs it from errors and the journal', { details: { setting: 'token' } });
    if (settings.timeoutMs !== undefined) throw new BackspaceError('invalid_config', 'createNotionAdapter uses a ready Client as it is: give it a timeoutMs of its own', { details: { setting: 'timeoutMs' } });
  }
  const token = adapterToken(settings, NOTION_TOKEN_VARIABLE, 'createNotionAdapter has no Notion token');
  const api = new NotionApi(settings.client ?? createNotionClient(token, settings.baseUrl, { timeoutMs: settings.timeoutMs }), token);
  const names = new NotionNames(api);
  return {
    provider: 'notion',
    client: api,
    actions: notionActions,
    read: (resource, scope) => readResource(api, resource, scope),
    // The operations several actions share; each action declares its own inverses beside it.
    compensations: notionCompensations,
    // Notion names a page's last editor but not what they edited: read only when the page's
    // `last_edited_time` or `last_edited_by` moved since the rollback's newest write on it (see last-editor.ts).
    versionField: VERSION_FIELD,
    lastWriters: (resource) => pageLastWriters(api, resource),
    // A write inside a block changes the block's state in the page or block holding it, up to the page.
    affects: (resource) => notionAffects(api, resource),
    // Notion: "an average of three requests per second" per integration.
    rateLimit: { requests: 3, windowMs: 1000 },
    secrets: () => [token],
    actors: (snapshot) => [snapshot.created_by, snapshot.last_edited_by].filter((actor): actor is string => typeof actor === 'string'),
    describe: (resource, snapshot, known) => describeNotionResource(resource, snapshot, !settings.client && isNotionApi(settings.baseUrl), known),
    // People by the ids actors() gives (user UUIDs) and the page a `children` resource is the contents of.
    lookupNames: (lookup) => names.lookup(lookup),
    resourceFromUrl: notionResourceFromUrl,
  };
}
