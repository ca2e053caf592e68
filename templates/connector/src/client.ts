// The provider's client. Use the provider's official SDK here when it has one (as the GitHub, Slack,
// Linear, Notion and Asana connectors do); this template speaks the simulator's small REST API with
// fetch, and maps every failure to Backspace's ProviderError so retries and lookups work.
import { nullWhenGone, ProviderError } from '@backspace/core/adapter-kit';

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

const DEFAULT_TIMEOUT_MS = 30_000;

export class __Name__Client {
  constructor(
    private readonly token: string,
    private readonly baseUrl: string,
    private readonly timeoutMs: number = DEFAULT_TIMEOUT_MS,
  ) {}

  create(fields: ItemFields, idempotencyKey: string, signal?: AbortSignal): Promise<Item> {
    return this.call('POST', '/v1/items', fields, { 'idempotency-key': idempotencyKey }, signal) as Promise<Item>;
  }

  update(id: string, fields: ItemFields, signal?: AbortSignal): Promise<Item> {
    return this.call('PATCH', `/v1/items/${encodeURIComponent(id)}`, fields, {}, signal) as Promise<Item>;
  }

  async remove(id: string, signal?: AbortSignal): Promise<void> {
    await this.call('DELETE', `/v1/items/${encodeURIComponent(id)}`, undefined, {}, signal);
  }

  /** The item, or null when it does not exist. */
  get(id: string, signal?: AbortSignal): Promise<Item | null> {
    return nullWhenGone(() => this.call('GET', `/v1/items/${encodeURIComponent(id)}`, undefined, {}, signal) as Promise<Item>);
  }

  /** The item an earlier attempt with this key created, if any (for `lookup` after a lost answer). */
  async findByKey(idempotencyKey: string, signal?: AbortSignal): Promise<Item | null> {
    const found = (await this.call('GET', `/v1/items?idempotency_key=${encodeURIComponent(idempotencyKey)}`, undefined, {}, signal)) as { items: Item[] };
    return found.items[0] ?? null;
  }

  private async call(method: string, path: string, body: unknown, headers: Record<string, string>, signal?: AbortSignal): Promise<unknown> {
    const failure = { provider: '__name__', operation: `${method} ${path.split('?')[0]}`, write: method !== 'GET', secrets: [this.token] };
    let response: Response;
    try {
      response = await fetch(`${this.baseUrl}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json', ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.timeoutMs)]) : AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // No answer: a write may have landed, so its outcome is unknown and a lookup decides (unless the
      // connection was never made, which core reads from the cause).
      throw ProviderError.fromResponse({ ...failure, message: (error as Error).message, cause: error });
    }
    const text = await response.text();
    const parsed: unknown = text ? JSON.parse(text) : null;
    if (response.ok) return parsed;
    const problem = (parsed as { error?: { code?: string; message?: string } } | null)?.error;
    // Retryable or not, outcome known or not, Retry-After, the request id, secrets scrubbed: core's rules.
    throw ProviderError.fromResponse({ ...failure, status: response.status, headers: response.headers, message: problem?.message ?? 'no message', providerCode: problem?.code });
  }
}

/** An item as snapshots record it: the fields a rollback compares. */
export function itemSnapshot(item: Item | null) {
  return item ? { title: item.title, body: item.body, status: item.status, updated_by: item.updated_by } : null;
}
