// The __Title__ connector: its descriptor (what the `backspace` CLI, the demo and the conformance suite
// need) and its adapter's parts: the actions (each with its inverses beside it), how a resource is read
// and named. The kit adds the token, and scrubs it from everything journaled. The CLI finds it by the
// `backspace-connector` keyword in package.json (or by the package's name under `connectors` in
// backspace.config.json); nothing else needs an edit.
import { defineConnector, type Adapter, type AdapterParts, type AdapterSettings } from '@backspace/core/adapter-kit';
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

export const connector = defineConnector({
  name: '__name__',
  title: '__Title__',
  tokenVariable: __NAME___TOKEN_VARIABLE,
  // The settings default to `connectorSettings` (baseUrl, timeoutMs). More?
  // `settings: connectorSettings.extend({ region: z.enum([...]).optional() }).strict()`.
  adapter(token, settings): AdapterParts<__Name__Adapter> {
    const client = new __Name__Client(token, settings.baseUrl ?? DEFAULT_BASE_URL, settings.timeoutMs);
    return {
      client,
      actions: __name__Actions,
      read: async (resource) => itemSnapshot(await client.get(resource.id)),
      actors: (snapshot) => (typeof snapshot['updated_by'] === 'string' ? [snapshot['updated_by']] : []),
      describe: (resource, snapshot) => ({ label: typeof snapshot?.['title'] === 'string' ? `item "${snapshot['title']}"` : `item ${resource.id}` }),
    };
  },
  startSimulator: async () => (await import('./simulator/index.js')).create__Name__Simulator(),
});

/** The __Title__ adapter: its token `settings.token`, else __NAME___TOKEN; scrubbed from everything journaled. */
export const create__Name__Adapter = connector.createAdapter;
