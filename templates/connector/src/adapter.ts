// The __Title__ adapter: its actions, how a resource is read, and the inverses the journal names.
import { z } from 'zod';
import { BackspaceError, ProviderError, type Adapter, type CompensationOperation } from '@backspace/core/adapter-kit';
import { itemCreate } from './actions/item-create.js';
import { itemUpdate } from './actions/item-update.js';
import { __Name__Client, itemSnapshot } from './client.js';

export const __NAME___TOKEN_VARIABLE = '__NAME___TOKEN';
const DEFAULT_BASE_URL = 'https://api.__name__.example';

export interface __Name__AdapterSettings {
  /** The agent's token; default: the __NAME___TOKEN environment variable. */
  token?: string | undefined;
  baseUrl?: string | undefined;
  timeoutMs?: number | undefined;
}

/** Every inverse names one item, by its id; a forged or malformed input is refused before it runs. */
const itemId = z.object({ id: z.string().min(1) }).strict();
const itemValues = z.object({ title: z.string(), body: z.string(), status: z.enum(['open', 'done']) }).partial().strict();

export function create__Name__Adapter(settings: __Name__AdapterSettings = {}): Adapter<__Name__Client> {
  const token = settings.token ?? process.env[__NAME___TOKEN_VARIABLE];
  if (!token) throw new BackspaceError('invalid_config', `the __Title__ adapter needs a token: pass { token } or set ${__NAME___TOKEN_VARIABLE}`);
  const client = new __Name__Client(token, settings.baseUrl ?? DEFAULT_BASE_URL, settings.timeoutMs);
  const compensations: Record<string, CompensationOperation<__Name__Client>> = {
    '__name__.item.delete': {
      input: itemId,
      run: async ({ id }: z.infer<typeof itemId>, { signal }) => {
        try {
          await client.remove(id, signal);
        } catch (error) {
          // Already gone (a retry after a lost answer): the inverse's effect is there.
          if (!(error instanceof ProviderError && error.status === 404)) throw error;
        }
        return { observed: null };
      },
    },
    '__name__.item.restore': {
      // `values` is added by the engine at rollback: the pre-state of the fields it decided to restore.
      input: itemId.extend({ values: itemValues.optional() }),
      run: async ({ id, values = {} }: { id: string; values?: z.infer<typeof itemValues> | undefined }, { signal }) => ({ observed: itemSnapshot(await client.update(id, values, signal)) }),
    },
  };
  return {
    provider: '__name__',
    client,
    actions: [itemCreate, itemUpdate],
    read: async (resource) => itemSnapshot(await client.get(resource.id)),
    compensations,
    secrets: () => [token],
    actors: (snapshot) => (typeof snapshot['updated_by'] === 'string' ? [snapshot['updated_by']] : []),
    describe: (resource, snapshot) => ({ label: typeof snapshot?.['title'] === 'string' ? `item "${snapshot['title']}"` : `item ${resource.id}` }),
  };
}
