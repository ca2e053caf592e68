// The __Title__ adapter: its actions (each with its inverses beside it), and how a resource is read and
// named. Its connector (connector.ts) adds the token, and scrubs it from everything journaled.
import type { Adapter, AdapterParts, AdapterSettings } from '@backspace/core/adapter-kit';
import { itemCreate } from './actions/item-create.js';
import { itemUpdate } from './actions/item-update.js';
import { __Name__Client, itemSnapshot } from './client.js';

export const __NAME___TOKEN_VARIABLE = '__NAME___TOKEN';
const DEFAULT_BASE_URL = 'https://api.__name__.example';

/** The agent's token (default: the __NAME___TOKEN environment variable), and where the API is. */
export type __Name__AdapterSettings = AdapterSettings;

/** Every action, in the order `backspace actions` lists them. */
export const __name__Actions = [itemCreate, itemUpdate];

/** The __Title__ adapter, its actions typed by name (`session.run('__name__.item.update', …)` checks its input). */
export type __Name__Adapter = Adapter<__Name__Client, typeof __name__Actions>;

export function __name__Adapter(token: string, settings: __Name__AdapterSettings): AdapterParts<__Name__Adapter> {
  const client = new __Name__Client(token, settings.baseUrl ?? DEFAULT_BASE_URL, settings.timeoutMs);
  return {
    client,
    actions: __name__Actions,
    read: async (resource) => itemSnapshot(await client.get(resource.id)),
    actors: (snapshot) => (typeof snapshot['updated_by'] === 'string' ? [snapshot['updated_by']] : []),
    describe: (resource, snapshot) => ({ label: typeof snapshot?.['title'] === 'string' ? `item "${snapshot['title']}"` : `item ${resource.id}` }),
  };
}
