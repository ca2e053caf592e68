// What every Asana route shares: the caller, the `{ data }` envelope, transactions and the write limits.
import type { Json } from '@backspace/core';
import type { RouteHandler, SimulatorRequest, SimulatorResponse } from '@backspace/simulator-kit';
import { asanaError, badRequest } from './asana-errors.js';
import type { UserRecord } from './model.js';
import { parseMultipart } from './multipart.js';
import type { AsanaStore } from './store.js';

/** Asana allows at most 15 write requests in flight per token. */
export const MAX_CONCURRENT_WRITES = 15;

export interface AsanaCall {
  request: SimulatorRequest;
  me: UserRecord;
  /** The caller's token: `external` data and `external:` lookups belong to the OAuth app behind it. */
  token: string;
  /** The request body's `data` object (`{}` for reads). */
  data: Record<string, unknown>;
  optFields: string | undefined;
}

export interface RouteKitOptions {
  store: AsanaStore;
  /** Time each write spends in flight, on the simulator clock: lets tests reach the concurrency limit. */
  writeLatencyMs?: number;
}

export function ok(data: Json, status = 200): SimulatorResponse {
  return { status, body: { data } };
}

/**
 * A list answer, paginated as Asana does when the caller gives `limit` (1 to 100): `next_page` carries an
 * opaque `offset` for the rest. Without `limit` the whole list comes in one page.
 */
export function list(data: Json[], call: AsanaCall): SimulatorResponse {
  const { limit: limitText, offset } = call.request.query;
  if (limitText === undefined) return { status: 200, body: { data, next_page: null } };
  const limit = Number(limitText);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) throw badRequest(`limit: Must be an integer between 1 and 100, got ${limitText}`);
  const start = offset === undefined ? 0 : decodeOffset(offset);
  const page = data.slice(start, start + limit);
  if (start + limit >= data.length) return { status: 200, body: { data: page, next_page: null } };
  const next = encodeOffset(start + limit);
  const path = `${call.request.path.replace(/^\/api\/1\.0/, '')}?limit=${limit}&offset=${next}`;
  return { status: 200, body: { data: page, next_page: { offset: next, path, uri: `https://app.asana.com/api/1.0${path}` } } };
}

function encodeOffset(index: number): string {
  return Buffer.from(JSON.stringify({ index })).toString('base64url');
}

function decodeOffset(offset: string): number {
  try {
    const { index } = JSON.parse(Buffer.from(offset, 'base64url').toString('utf8')) as { index?: unknown };
    if (typeof index === 'number' && Number.isInteger(index) && index >= 0) return index;
  } catch {
    // fall through to Asana's answer for a bad offset
  }
  throw badRequest('offset: Your pagination token is invalid.');
}

/** `opt_fields=a,b`, or the same given as an array (`opt_fields=a&opt_fields=b`, `opt_fields[0]=a`). */
function optFieldsOf(searchParams: URLSearchParams): string | undefined {
  const values = [...searchParams.entries()].filter(([key]) => /^opt_fields(\[\d*\])?$/.test(key)).map(([, value]) => value);
  return values.length > 0 ? values.join(',') : undefined;
}

export function createRouteKit({ store, writeLatencyMs = 0 }: RouteKitOptions) {
  const inFlight = new Map<string, number>();

  const call = (request: SimulatorRequest, form?: Record<string, unknown>): AsanaCall => {
    if (!request.user) throw asanaError(401, 'Not Authorized');
    const envelope = request.body;
    // A form upload carries its fields bare, with no `data` envelope.
    let data: Record<string, unknown> = form ?? {};
    if (!form && request.method !== 'GET' && request.method !== 'DELETE') {
      if (envelope === null || typeof envelope !== 'object' || Array.isArray(envelope)) throw badRequest('data: Missing input');
      const inner = (envelope as { data?: unknown }).data;
      if (inner === null || typeof inner !== 'object' || Array.isArray(inner)) throw badRequest('data: Missing input');
      data = inner as Record<string, unknown>;
    }
    return { request, me: store.ensureUser(request.user), token: request.user.token, data, optFields: optFieldsOf(request.searchParams) };
  };

  return {
    read(handler: (call: AsanaCall) => SimulatorResponse): RouteHandler {
      return (request) => handler(call(request));
    },
    /**
     * A write: counted against the concurrency limit, and all-or-nothing when it fails validation. `form`:
     * the body is multipart/form-data (an attachment's upload), its fields the call's `data`.
     */
    write(handler: (call: AsanaCall) => SimulatorResponse, { form = false }: { form?: boolean } = {}): RouteHandler {
      return async (request) => {
        if (!request.user) throw asanaError(401, 'Not Authorized');
        const asanaCall = call(request, form ? await parseMultipart(request.headers['content-type'], request.rawBody) : undefined);
        const running = inFlight.get(asanaCall.token) ?? 0;
        if (running >= MAX_CONCURRENT_WRITES) {
          throw asanaError(429, `You have too many concurrent write requests; at most ${MAX_CONCURRENT_WRITES} may be in flight`, { 'retry-after': '1' });
        }
        inFlight.set(asanaCall.token, running + 1);
        try {
          if (writeLatencyMs > 0) await store.clock.sleep(writeLatencyMs);
          return store.transaction(() => handler(asanaCall));
        } finally {
          inFlight.set(asanaCall.token, (inFlight.get(asanaCall.token) ?? 1) - 1);
        }
      };
    },
  };
}

export type RouteKit = ReturnType<typeof createRouteKit>;
