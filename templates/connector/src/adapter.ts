// The __Title__ adapter: its actions (each with its inverses beside it), and how a resource is read,
// named and scrubbed of secrets.
import { adapterToken, type Adapter, type AdapterSettings } from '@backspace/core/adapter-kit';
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

export function create__Name__Adapter(settings: __Name__AdapterSettings = {}): __Name__Adapter {
  const token = adapterToken(settings, __NAME___TOKEN_VARIABLE, 'the __Title__ adapter needs a token');
  const client = new __Name__Client(token, settings.baseUrl ?? DEFAULT_BASE_URL, settings.timeoutMs);
  return {
    provider: '__name__',
    client,
    actions: __name__Actions,
    read: async (resource) => itemSnapshot(await client.get(resource.id)),
    secrets: () => [token],
    actors: (snapshot) => (typeof snapshot['updated_by'] === 'string' ? [snapshot['updated_by']] : []),
    describe: (resource, snapshot) => ({ label: typeof snapshot?.['title'] === 'string' ? `item "${snapshot['title']}"` : `item ${resource.id}` }),
  };
}
