// The provider's client, on the kit's `SdkClient`: each call runs under the kill switch, and its failure
// becomes a ProviderError with the rules every provider shares (`fromSdkError` reads the status, headers,
// code and message SDK errors carry; pass `toError` for what the provider does differently), the token
// scrubbed. `find` is null when the object is gone, `remove` is done when it already is.
// Replace `itemsApi` with the provider's official SDK (as the GitHub, Slack, Linear, Notion, Asana and
// Stripe connectors use theirs): it stands in for one, speaking the simulator's small REST API with fetch.
import { callSignal, SdkClient } from '@backspace/core/adapter-kit';

export interface Item {
  id: string;
  title: string;
  body: string;
  status: 'open' | 'done';
  updated_by: string;
}

/** Fields to write; one left undefined is not sent. */
export interface ItemFields {
  title?: string | undefined;
  body?: string | undefined;
  status?: Item['status'] | undefined;
}

/** One request: the answer's JSON, or an error as SDKs throw one (its status, headers, code and message). */
type ItemsApi = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => Promise<unknown>;

function itemsApi(token: string, baseUrl: string, timeoutMs: number): ItemsApi {
  return async (method, path, body, headers = {}) => {
    // The running call's kill signal (the kit's `callSignal`), so a kill also ends the request itself.
    const signal = callSignal();
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]) : AbortSignal.timeout(timeoutMs),
    });
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (response.ok) return parsed;
    const problem = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    throw Object.assign(new Error(problem?.message ?? 'no message'), { status: response.status, headers: response.headers, code: problem?.code });
  };
}

export class __Name__Client extends SdkClient<ItemsApi> {
  constructor(token: string, baseUrl: string, timeoutMs = 30_000) {
    super({ provider: '__name__', api: itemsApi(token, baseUrl, timeoutMs), secrets: [token] });
  }

  create(fields: ItemFields, idempotencyKey: string): Promise<Item> {
    return this.call('POST /v1/items', true, (api) => api('POST', '/v1/items', fields, { 'idempotency-key': idempotencyKey }) as Promise<Item>);
  }

  update(id: string, fields: ItemFields): Promise<Item> {
    return this.call(`PATCH /v1/items/${id}`, true, (api) => api('PATCH', `/v1/items/${encodeURIComponent(id)}`, fields) as Promise<Item>);
  }

  /** The item, or null when it does not exist. */
  get(id: string): Promise<Item | null> {
    return this.find(`GET /v1/items/${id}`, (api) => api('GET', `/v1/items/${encodeURIComponent(id)}`) as Promise<Item>);
  }

  /** Deletes the item; one already gone (a retry after a lost answer) is done. */
  delete(id: string): Promise<{ observed: null }> {
    return this.remove(`DELETE /v1/items/${id}`, (api) => api('DELETE', `/v1/items/${encodeURIComponent(id)}`));
  }

  /** The item an earlier attempt with this key created, if any (for `lookup` after a lost answer). */
  async findByKey(idempotencyKey: string): Promise<Item | null> {
    const found = (await this.call('GET /v1/items', false, (api) => api('GET', `/v1/items?idempotency_key=${encodeURIComponent(idempotencyKey)}`))) as { items: Item[] };
    return found.items[0] ?? null;
  }
}

/** An item as snapshots record it: the fields a rollback compares. */
export function itemSnapshot(item: Item | null) {
  return item ? { title: item.title, body: item.body, status: item.status, updated_by: item.updated_by } : null;
}
