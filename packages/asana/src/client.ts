// The adapter's client: one `asana` SDK ApiClient per adapter (never the process-wide ApiClient.instance),
// the calls the actions make, each failure mapped to a ProviderError.
import Asana from 'asana';
import { callSignal, nullWhenGone, ProviderError, stoppable } from '@backspace/core/adapter-kit';
import { isSuperagentError, toProviderError } from './provider-error.js';
import type { AttemptBefore } from './actions/find-again.js';
import { asanaTokenKind, type AsanaTokenKind } from './token-kind.js';

export type AsanaObject = Record<string, any>;

/** The task fields every snapshot reads, in one request. */
export const TASK_FIELDS = [
  'name', 'notes', 'html_notes', 'assignee', 'due_on', 'due_at', 'start_on', 'completed', 'parent', 'projects', 'memberships.project', 'memberships.section',
  'tags', 'followers', 'custom_fields.gid', 'custom_fields.type', 'custom_fields.text_value', 'custom_fields.number_value', 'custom_fields.enum_value',
  'external', 'created_by', 'created_at', 'modified_at', 'workspace', 'num_subtasks',
  // A link a person made to or from the task (what it blocks, what it waits on) goes with it when it is
  // deleted: read with the task, at no extra request, so a rollback sees it before deleting.
  'dependencies', 'dependents',
].join(',');

export interface AsanaClientSettings {
  token: string;
  /** Ends with `/api/1.0`, as the SDK's default `https://app.asana.com/api/1.0` does. */
  basePath: string;
  tokenKind?: AsanaTokenKind;
  /** Per request, in ms (default 30 s): past it the SDK aborts the request, which fails with `timeout`. */
  timeoutMs?: number;
}

export const DEFAULT_TIMEOUT_MS = 30_000;

/** One action of a Batch API request (`POST /batch`). */
export interface BatchAction {
  method: 'get' | 'post' | 'put' | 'delete';
  /** The path under the API root, without a query string. */
  relative_path: string;
  /** For a GET, its query parameters; otherwise the body's `data`. */
  data?: Record<string, unknown>;
  options?: { limit?: number; offset?: string; fields?: string[] };
}

export interface BatchResult {
  status_code: number;
  headers?: Record<string, string>;
  body: any;
}

/** Asana: "The maximum number of actions allowed in a single batch request is 10". */
const BATCH_ACTIONS = 10;
const BATCHES_IN_FLIGHT = 4;

const actionsWrite = (actions: BatchAction[]) => actions.some((action) => action.method !== 'get');

export class AsanaClient {
  readonly api: InstanceType<typeof Asana.ApiClient>;
  readonly tasks: InstanceType<typeof Asana.TasksApi>;
  readonly stories: InstanceType<typeof Asana.StoriesApi>;
  readonly users: InstanceType<typeof Asana.UsersApi>;
  readonly batchApi: InstanceType<typeof Asana.BatchAPIApi>;
  readonly tokenKind: AsanaTokenKind;
  private me: Promise<string> | undefined;
  /** What each recent keyless write saw before it was sent, by idempotency key (the newest 1,000). */
  private readonly attempts = new Map<string, AttemptBefore>();
  /** At most 40 batch actions in flight from this client: Asana's concurrent limit is 50 reads per token, each action counted. */
  private readonly batchSlots = new Slots(BATCHES_IN_FLIGHT);

  constructor(private readonly settings: AsanaClientSettings) {
    this.api = new Asana.ApiClient();
    this.api.basePath = settings.basePath.replace(/\/+$/, '');
    this.api.authentications.token!.accessToken = settings.token;
    // Plain `{ data, next_page }` bodies instead of Collection objects.
    this.api.RETURN_COLLECTION = false;
    // The SDK's own timeout (superagent's deadline, answer included), 60 s unless set.
    this.api.timeout = settings.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.tasks = new Asana.TasksApi(this.api);
    this.stories = new Asana.StoriesApi(this.api);
    this.users = new Asana.UsersApi(this.api);
    this.batchApi = new Asana.BatchAPIApi(this.api);
    this.tokenKind = settings.tokenKind ?? asanaTokenKind(settings.token);
    // The SDK takes no signal per request, but hands each superagent request it builds to
    // applyAuthToRequest: there, the request joins the signal of the call it belongs to (core runs each
    // action's write and lookup, and each inverse, under it), so a kill drops the connection.
    const applyAuth = this.api.applyAuthToRequest.bind(this.api);
    this.api.applyAuthToRequest = (request: { abort(): unknown }, authNames: string[]) => {
      applyAuth(request, authNames);
      // A block body: superagent's request is a thenable, which an event listener must not return.
      callSignal()?.addEventListener('abort', () => {
        request.abort();
      }, { once: true });
    };
  }

  get token(): string {
    return this.settings.token;
  }

  /** Runs one SDK call and returns its `data`; `write` says whether a lost answer leaves its outcome unknown. */
  async call<T = AsanaObject>(operation: string, write: boolean, send: () => Promise<unknown>): Promise<T> {
    return ((await this.body(operation, write, send)) as { data: T }).data;
  }

  /**
   * A read made right after a write Asana answered (its answer is empty, so the action reads the task):
   * the write has landed whatever the read does, so a failure of the read is an unknown outcome of the
   * write, never a refusal. The runtime then looks the write up by its key (a rollback too), instead of
   * journaling a landed write as failed and leaving it in place with nothing to undo.
   */
  async readAfterWrite<T = AsanaObject>(operation: string, send: () => Promise<unknown>): Promise<T> {
    try {
      return await this.call<T>(operation, false, send);
    } catch (error) {
      if (!ProviderError.isInstance(error)) throw error;
      throw new ProviderError(`${error.message} (read after a write that landed: it is looked up before anything is sent again)`, {
        provider: 'asana',
        ...(error.status !== undefined ? { status: error.status } : {}),
        ...(error.requestId !== undefined ? { requestId: error.requestId } : {}),
        ...(error.providerCode !== undefined ? { providerCode: error.providerCode } : {}),
        ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
        // Looked up and sent again if it never landed; not after the kill switch stopped the call.
        isRetryable: error.providerCode !== 'aborted',
        outcomeUnknown: true,
        cause: error,
      });
    }
  }

  /** Every item of a list, page by page (100 at a time, following `next_page.offset`). */
  async listAll(operation: string, sendPage: (paging: { limit: number; offset?: string }) => Promise<unknown>): Promise<AsanaObject[]> {
    const items: AsanaObject[] = [];
    let offset: string | undefined;
    do {
      const page = (await this.body(operation, false, () => sendPage({ limit: 100, ...(offset ? { offset } : {}) }))) as { data: AsanaObject[]; next_page?: { offset?: string } | null };
      items.push(...page.data);
      offset = page.next_page?.offset ?? undefined;
    } while (offset);
    return items;
  }

  /**
   * Actions sent through Asana's Batch API, 10 to a request (Asana's maximum), a few requests at a time;
   * the results in the actions' order. Asana counts each action against the rate limit as a request.
   */
  async batch(actions: BatchAction[]): Promise<BatchResult[]> {
    const chunks: BatchAction[][] = [];
    for (let start = 0; start < actions.length; start += BATCH_ACTIONS) chunks.push(actions.slice(start, start + BATCH_ACTIONS));
    const answers = await Promise.all(chunks.map((chunk) => this.batchSlots.run(() => this.call<BatchResult[]>('createBatchRequest', actionsWrite(chunk), () => this.batchApi.createBatchRequest({ data: { actions: chunk } }, {})))));
    return answers.flat();
  }

  /** An action's failure as the same call on its own would fail (a ProviderError, token scrubbed). */
  batchError(result: BatchResult, operation: string, write: boolean): Error {
    return toProviderError({ status: result.status_code, response: { status: result.status_code, body: result.body, headers: result.headers ?? {} } }, operation, write, [this.settings.token]);
  }

  /**
   * The SDK call's answer; a kill of the running call fails it at once with `providerCode: 'aborted'`
   * (on a write that was sent, an unknown outcome: it may still land), superagent's errors mapped.
   */
  private body(operation: string, write: boolean, send: () => Promise<unknown>): Promise<unknown> {
    return stoppable({ provider: 'asana', operation, write }, send, (error) => (isSuperagentError(error) ? toProviderError(error, operation, write, [this.settings.token]) : error));
  }

  /** The task, or null when Asana answers 404 (never created, or in the trash). */
  findTask(gid: string): Promise<AsanaObject | null> {
    return nullWhenGone(() => this.call<AsanaObject>('getTask', false, () => this.tasks.getTask(gid, { opt_fields: TASK_FIELDS })));
  }

  /** The user gid behind the token, asked once. */
  myGid(): Promise<string> {
    this.me ??= this.call<AsanaObject>('getUser', false, () => this.users.getUser('me', { opt_fields: 'gid' })).then((user) => String(user.gid));
    this.me.catch(() => (this.me = undefined));
    return this.me;
  }

  /** Notes what a keyless write saw before it was sent, so a lookup after a lost answer can tell it apart. */
  rememberAttempt(key: string, before: AttemptBefore): void {
    this.attempts.delete(key);
    this.attempts.set(key, before);
    if (this.attempts.size > 1_000) this.attempts.delete(this.attempts.keys().next().value!);
  }

  attemptBefore(key: string): AttemptBefore | undefined {
    return this.attempts.get(key);
  }

  /** Comments on a task (stories of type `comment`), oldest first. */
  async comments(taskGid: string): Promise<AsanaObject[]> {
    const stories = await this.listAll('getStoriesForTask', (paging) => this.stories.getStoriesForTask(taskGid, { ...paging, opt_fields: 'type,text,created_by,created_at,resource_subtype' }));
    return stories.filter((story) => story.type === 'comment');
  }
}

/** At most `size` tasks running at once; the rest wait their turn in order. */
class Slots {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running += 1;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
