// The adapter's client: the official @notionhq/client with its own retries off, every call's failure
// mapped to a ProviderError (status, Notion's code, request id, Retry-After, whether a write may have landed).
import { AsyncLocalStorage } from 'node:async_hooks';
import { APIResponseError, Client, isHTTPResponseError, LogLevel, RequestTimeoutError } from '@notionhq/client';
import { callSignal, ProviderError, requestSignal, withoutSecrets } from '@backspace/core/adapter-kit';

/**
 * What one request of the adapter's shares with its fetch: noted by that fetch, the request it sent
 * (`PATCH /v1/pages/<id>`), which names a failure. (The kill switch's signal needs no scope of its own:
 * core runs each call's work under it, and the fetch reads it with `requestSignal`.)
 */
interface RequestScope {
  sent?: string;
}
const requestScope = new AsyncLocalStorage<RequestScope>();

/**
 * Notion's current API version: `archived` is gone (only `in_trash`), appends place blocks with
 * `position`. @notionhq/client 5.26 still defaults to 2025-09-03, so the adapter's Client asks for it.
 */
export const NOTION_VERSION = '2026-03-11';

/** What every view of one adapter's client shares: the integration's identity, asked once. */
interface SharedState {
  botId?: Promise<string>;
}

export class NotionApi {
  constructor(
    readonly sdk: Client,
    private readonly token: string | undefined,
    private readonly shared: SharedState = {},
    private readonly onWrite?: () => void,
  ) {}

  /** The integration's own user id, to tell its writes from others' (asked once). */
  me(): Promise<string> {
    const asked = (this.shared.botId ??= this.read((sdk) => sdk.users.me({})).then((user) => user.id));
    asked.catch(() => {
      if (this.shared.botId === asked) this.shared.botId = undefined;
    });
    return asked;
  }

  /**
   * The same client, noting whether any write of a multi-request action got through: once one has, a
   * later failure leaves the action's outcome unknown, never failed.
   */
  tracked(): { api: NotionApi; run<T>(body: (api: NotionApi) => Promise<T>): Promise<T> } {
    let landed = false;
    const api = new NotionApi(this.sdk, this.token, this.shared, () => (landed = true));
    return {
      api,
      async run(body) {
        try {
          return await body(api);
        } catch (error) {
          throw landed ? mayHaveLanded(error) : error;
        }
      },
    };
  }

  /** A call that changes nothing: a failure never leaves an unknown outcome. */
  read<T>(call: (sdk: Client) => Promise<T>): Promise<T> {
    return this.run(call, false);
  }

  /** A call that changes something: a timeout, reset or 5xx may have committed it. */
  write<T>(call: (sdk: Client) => Promise<T>): Promise<T> {
    return this.run(call, true);
  }

  private async run<T>(call: (sdk: Client) => Promise<T>, isWrite: boolean): Promise<T> {
    // The running call's signal (the kill switch), which core runs its actions and inverses under.
    const signal = callSignal();
    // Stopped before this request left: nothing was sent, so nothing of it can land.
    if (signal?.aborted) throw stopped(false);
    const scope: RequestScope = {};
    try {
      const answer = await requestScope.run(scope, () => call(this.sdk));
      if (isWrite) this.onWrite?.();
      return answer;
    } catch (error) {
      if (signal?.aborted) throw stopped(isWrite);
      throw toProviderError(error, isWrite, this.token, scope.sent);
    }
  }
}

/**
 * Notion takes no client key, so a lookup finds an earlier attempt by what it wrote, and may adopt only
 * what provably did not exist before it: the pre-state recorded with the intent says what did. Without
 * it (an intent from an older version), nothing can be adopted safely.
 */
export function lookupUnavailable(what: string, idempotencyKey: string): ProviderError {
  return new ProviderError(`notion: ${what} carries no key, and what existed before the attempt with key "${idempotencyKey}" is not known; check before writing it again`, {
    provider: 'notion',
    providerCode: 'lookup_unavailable',
    outcomeUnknown: true,
  });
}

/** How long one request may take, answer included, before it is aborted. */
export const DEFAULT_TIMEOUT_MS = 30_000;

export interface NotionClientOptions {
  /** Per request, in ms (default 30 s): past it the request is aborted and fails with `timeout`. */
  timeoutMs?: number;
}

export function createNotionClient(token: string, baseUrl?: string, options: NotionClientOptions = {}): Client {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // `retry: false`: core's retry layer owns retries, so nothing is retried twice or resent blindly.
  // Failures reach the caller as ProviderErrors; the SDK's own warning for each would only repeat them.
  // The Client's `timeoutMs` stops waiting but leaves the request running and the body unbounded; the
  // same limit as a fetch signal aborts the request itself, answer body included.
  return new Client({
    auth: token,
    notionVersion: NOTION_VERSION,
    retry: false,
    logLevel: LogLevel.ERROR,
    timeoutMs,
    // The running call's signal (the kill switch) too, when there is one: the request stops at once.
    fetch: (url, init) => {
      const scope = requestScope.getStore();
      if (scope) scope.sent = `${init?.method ?? 'GET'} ${new URL(url).pathname}`;
      return fetch(url, { ...init, signal: requestSignal(timeoutMs) });
    },
    ...(baseUrl ? { baseUrl } : {}),
  });
}

/**
 * The failure as a ProviderError, by core's shared rules (ProviderError.fromResponse: retryable on no
 * answer, 408, 429 and 5xx; a write's outcome unknown unless Notion refused it or it never left;
 * Retry-After; the request id), with the token scrubbed from all it carries. `request` names what was
 * sent (`PATCH /v1/pages/<id>`), where the adapter's own fetch saw it.
 */
export function toProviderError(error: unknown, isWrite: boolean, token?: string, request?: string): ProviderError {
  const secrets = token ? [token] : [];
  return withoutSecrets(mapped(error, isWrite, request ?? 'request', secrets), secrets);
}

function mapped(error: unknown, write: boolean, operation: string, secrets: string[]): ProviderError {
  if (isHTTPResponseError(error)) {
    const { status } = error;
    return ProviderError.fromResponse({
      provider: 'notion',
      operation,
      write,
      status,
      // The answer's headers as the SDK read them: its request id comes from the body, or else the
      // x-notion-request-id header.
      headers: { 'x-notion-request-id': error.request_id ?? undefined, 'retry-after': headerOf(error.headers, 'retry-after') },
      requestIdHeaders: ['x-notion-request-id'],
      message: error.message,
      // Notion's own code: validation_error, object_not_found, rate_limited, conflict_error...
      providerCode: error instanceof APIResponseError ? error.code : (codeFromBody(error.body) ?? error.code),
      secrets,
      cause: error,
      // conflict_error (409) is Notion's "a concurrent transaction collided; try again": nothing was
      // written (a refusal, as any 4xx), and the same request may well pass next time.
      ...(status === 409 ? { overrides: { isRetryable: true } } : {}),
    });
  }
  // The Client's own timeout, or the fetch signal's (whichever fires first): the request left, so a write may still land.
  const timedOut = RequestTimeoutError.isRequestTimeoutError(error) || (error as { name?: unknown } | undefined)?.name === 'TimeoutError';
  const code = (error as { cause?: { code?: string } } | undefined)?.cause?.code;
  return ProviderError.fromResponse({
    provider: 'notion',
    operation,
    write,
    message: timedOut ? 'timed out; the request was aborted' : `network failure (${code ?? (error instanceof Error ? error.message : String(error))})`,
    providerCode: timedOut ? 'timeout' : (code ?? 'network_error'),
    secrets,
    // A connection never made (fetch's cause: ECONNREFUSED, ENOTFOUND, EAI_AGAIN) is read from here by
    // core: nothing of a write can have landed.
    cause: error,
  });
}

/** The kill switch stopped the call: a write already sent may still land. */
function stopped(inFlightWrite: boolean): ProviderError {
  return new ProviderError(`notion: stopped by the kill switch${inFlightWrite ? ' while the write was in flight; it may still land' : ''}`, {
    provider: 'notion',
    providerCode: 'aborted',
    isRetryable: false,
    outcomeUnknown: inFlightWrite,
  });
}

/** A failure after part of a write got through: the write as a whole may have landed. */
function mayHaveLanded(error: unknown): unknown {
  if (!(error instanceof ProviderError) || error.outcomeUnknown) return error;
  return new ProviderError(`${error.message} (after earlier requests of the same write got through)`, {
    provider: 'notion',
    status: error.status,
    requestId: error.requestId,
    providerCode: error.providerCode,
    retryAfterMs: error.retryAfterMs,
    isRetryable: error.isRetryable,
    outcomeUnknown: true,
    cause: error,
  });
}

function headerOf(headers: unknown, name: string): string | undefined {
  if (headers && typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const record = (headers ?? {}) as Record<string, string>;
  return record[name] ?? record[name.toLowerCase()];
}

function codeFromBody(body: string): string | undefined {
  try {
    const parsed = JSON.parse(body) as { code?: unknown; error?: unknown };
    const code = parsed.code ?? parsed.error;
    return typeof code === 'string' ? code : undefined;
  } catch {
    return undefined;
  }
}

/** True for Notion's "no such object, or not shared with this integration". */
export function isNotFound(error: unknown): boolean {
  return error instanceof ProviderError && (error.providerCode === 'object_not_found' || error.status === 404);
}

/** True for Notion's refusal to edit something already in the trash (deleting it twice). */
export function isArchivedRefusal(error: unknown): boolean {
  return error instanceof ProviderError && error.providerCode === 'validation_error' && /archived|in the trash|in_trash/i.test(error.message);
}

/** A delete (or a trash) finds its work done: the object is gone, or Notion refuses it as already in the trash. */
export function isAlreadyDeleted(error: unknown): boolean {
  return isNotFound(error) || isArchivedRefusal(error);
}
