// The Batch API (`POST /batch`): up to 10 actions in one HTTP request, each dispatched to the route it
// names, answered in order as `{ status_code, headers, body }`. As Asana documents it, every action
// counts against the rate limit as a request of its own (the batch itself costs nothing), and a batch
// that would pass the limit fails whole with 429.
import type { Json } from '@backspace/core';
import { RETRY_AFTER_MS_HEADER, SimulatorHttpError, toRetryAfterSeconds, type RateLimiter, type Router, type SimulatorRequest, type SimulatorResponse } from '@backspace/simulator-kit';
import { asanaErrorBody, asanaRateLimitResponse, badRequest } from './asana-errors.js';

/** Asana: "The maximum number of actions allowed in a single batch request is 10". */
export const MAX_BATCH_ACTIONS = 10;

const METHODS = new Set(['get', 'post', 'put', 'delete', 'patch', 'head']);

interface BatchAction {
  relative_path: string;
  method: string;
  data?: Record<string, unknown>;
  options?: { limit?: unknown; offset?: unknown; fields?: unknown };
}

/** The rate-limit family the batch's actions spend, and the limiter once the server runs. */
export interface BatchLimits {
  family: string;
  limiter(): RateLimiter | undefined;
}

export function addBatchRoutes(router: Router, base: string, limits: BatchLimits): void {
  router.post(`${base}/batch`, async (request) => {
    if (!request.user) throw new SimulatorHttpError(401, asanaErrorBody('Not Authorized'));
    const actions = batchActions(request.body);
    const refused = spend(limits, request, actions);
    if (refused) return refused;
    // Dispatched in parallel, as Asana does; the results keep the actions' order.
    const results = await Promise.all(actions.map((action) => (typeof action === 'string' ? failed(400, action) : dispatch(router, base, request, action))));
    return { status: 200, body: { data: results as Json[] } };
  });
}

/** The actions, or for one that cannot be run, the reason (its result is then a 400). */
function batchActions(body: unknown): Array<BatchAction | string> {
  const actions = (body as { data?: { actions?: unknown } } | undefined)?.data?.actions;
  if (!Array.isArray(actions) || actions.length === 0) throw badRequest('actions: Missing input');
  if (actions.length > MAX_BATCH_ACTIONS) throw badRequest(`actions: A batch request may contain at most ${MAX_BATCH_ACTIONS} actions`);
  return actions.map((action: Partial<BatchAction> | null) => {
    if (typeof action?.relative_path !== 'string' || !action.relative_path.startsWith('/')) return 'relative_path: Missing input';
    if (typeof action.method !== 'string' || !METHODS.has(action.method.toLowerCase())) return `method: Not a valid method: ${String(action?.method)}`;
    if (action.relative_path.includes('?')) return 'relative_path: Query parameters are not accepted here; put them in data instead';
    if (/^\/batch(\/|$)/.test(action.relative_path)) return 'relative_path: Nested calls to the batch API are not allowed';
    return action as BatchAction;
  });
}

/**
 * Spends one unit per action, as the request it stands for, all or none: a batch the limit cannot take
 * whole is refused whole (the batch request itself costs nothing: the limit's rule leaves it out).
 */
function spend(limits: BatchLimits, request: SimulatorRequest, actions: Array<BatchAction | string>): SimulatorResponse | undefined {
  const limiter = limits.limiter();
  const rule = limiter?.rules.find((candidate) => candidate.family === limits.family);
  if (!limiter || !rule) return undefined;
  const now = request.clock.now();
  const window = limiter.usage().find((usage) => usage.family === rule.family && usage.key === `user:${request.user!.id}` && now < usage.resetAt);
  if ((window?.count ?? 0) + actions.length > rule.limit) {
    const resetAt = window?.resetAt ?? now + rule.windowMs;
    const retryAfterMs = resetAt - now;
    const response = asanaRateLimitResponse(toRetryAfterSeconds(retryAfterMs), request, { family: rule.family, limit: rule.limit, windowMs: rule.windowMs, retryAfterMs, resetAt });
    return { ...response, headers: { ...response.headers, [RETRY_AFTER_MS_HEADER]: String(Math.ceil(retryAfterMs)) } };
  }
  for (const action of actions) {
    const method = typeof action === 'string' ? 'GET' : action.method.toUpperCase();
    const path = typeof action === 'string' ? request.path : `${request.path.slice(0, -'/batch'.length)}${action.relative_path}`;
    limiter.check({ ...request, method, path });
  }
  return undefined;
}

/** One action, run by the route it names as if it had come on its own, by the same caller. */
async function dispatch(router: Router, base: string, parent: SimulatorRequest, action: BatchAction): Promise<Json> {
  const method = action.method.toUpperCase();
  const path = `${base}${action.relative_path}`;
  const searchParams = new URLSearchParams();
  const read = method === 'GET' || method === 'HEAD' || method === 'DELETE';
  if (read) for (const [key, value] of Object.entries(action.data ?? {})) searchParams.set(key, String(value));
  const { limit, offset, fields } = action.options ?? {};
  if (limit !== undefined) searchParams.set('limit', String(limit));
  if (offset !== undefined) searchParams.set('offset', String(offset));
  if (Array.isArray(fields)) searchParams.set('opt_fields', fields.join(','));
  const route = router.resolve(method, path);
  const request: SimulatorRequest = {
    ...parent,
    method,
    path,
    params: route.params,
    query: Object.fromEntries(searchParams),
    searchParams,
    body: read ? undefined : { data: action.data ?? {} },
    rawBody: read ? '' : JSON.stringify({ data: action.data ?? {} }),
  };
  try {
    const response = await route.handler(request);
    return { status_code: response.status, headers: (response.headers ?? {}) as Json, body: (response.body ?? null) as Json };
  } catch (error) {
    if (error instanceof SimulatorHttpError) return { status_code: error.response.status, headers: (error.response.headers ?? {}) as Json, body: (error.response.body ?? null) as Json };
    throw error;
  }
}

function failed(status: number, message: string): Json {
  return { status_code: status, headers: {}, body: asanaErrorBody(message) };
}
