// One request's path through the simulator: parse, identify the user, faults, rate limits, handler.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '@backspace/core';
import type { FaultBehaviour, FaultInjector } from './faults.js';
import { BodyParseError, flattenHeaders, parseBody, readBody, writeResponse } from './http-io.js';
import type { RateLimiter } from './rate-limits.js';
import type { RequestLog, RequestLogEntry } from './request-log.js';
import { defaultRateLimitResponse, defaultServerErrorResponse, rateLimitResponse, SimulatorHttpError } from './responses.js';
import type { Router } from './router.js';
import type { RouteHandler, SimulatorRequest, SimulatorResponse } from './types.js';
import { tokenFromRequest, type UserRegistry } from './users.js';

export interface SimulatorStats {
  /** Every request received, including those faults or rate limits answered. */
  requests: number;
  /** Requests answered by a rate-limit rule (not by an injected rate-limit fault). */
  rateLimited: number;
}

export interface Pipeline {
  readonly router: Router;
  readonly clock: Clock;
  readonly users: UserRegistry;
  readonly faults: FaultInjector;
  readonly rateLimits: RateLimiter;
  readonly log: RequestLog & { record(entry: RequestLogEntry): void };
  readonly stats: SimulatorStats;
}

export async function handleRequest(pipeline: Pipeline, incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> {
  const { clock, faults, rateLimits, log, stats } = pipeline;
  const at = clock.now();
  const rawBody = await readBody(incoming);
  const url = new URL(incoming.url ?? '/', 'http://simulator.invalid');
  const method = (incoming.method ?? 'GET').toUpperCase();
  const headers = flattenHeaders(incoming);
  stats.requests += 1;

  let body: unknown;
  try {
    body = parseBody(headers['content-type'], rawBody);
  } catch (error) {
    if (!(error instanceof BodyParseError)) throw error;
    const response = { status: 400, body: { error: 'invalid_body', message: error.message } };
    writeResponse(outgoing, response);
    log.record({ method, path: url.pathname, status: response.status, userId: null, at });
    return;
  }

  const token = tokenFromRequest(headers, body);
  const route = pipeline.router.resolve(method, url.pathname);
  const request: SimulatorRequest = {
    method,
    path: url.pathname,
    params: route.params,
    query: Object.fromEntries(url.searchParams),
    searchParams: url.searchParams,
    body,
    rawBody,
    headers,
    user: token === undefined ? null : pipeline.users.forToken(token),
    clock,
  };
  const entry = { method, path: url.pathname, userId: request.user?.id ?? null, at };

  const fault = faults.take(request);
  if (fault?.kind === 'reset') {
    outgoing.destroy();
    log.record({ ...entry, status: null, fault: fault.kind });
    return;
  }
  const faultResponse = fault && (await answerFault(fault, request));
  if (faultResponse) {
    writeResponse(outgoing, faultResponse);
    log.record({ ...entry, status: faultResponse.status, fault: fault.kind });
    return;
  }

  const limited = rateLimits.check(request);
  if (limited) stats.rateLimited += 1;
  const response = limited?.response ?? (await runHandler(route.handler, request));
  // The change is committed; only the answer is lost, as when a connection drops mid-response.
  if (fault?.kind === 'drop-after-commit') outgoing.destroy();
  else writeResponse(outgoing, response);
  log.record({ ...entry, status: response.status, fault: fault?.kind, rateLimitFamily: limited?.family });
}

/** The answer a fault gives in the handler's place, or `undefined` when the handler still runs. */
async function answerFault(fault: FaultBehaviour, request: SimulatorRequest): Promise<SimulatorResponse | undefined> {
  switch (fault.kind) {
    case 'rate-limit': {
      const retryAfterMs = (fault.retryAfterSeconds ?? 1) * 1000;
      const detail = { family: 'injected', limit: 0, windowMs: retryAfterMs, retryAfterMs, resetAt: request.clock.now() + retryAfterMs };
      return rateLimitResponse(fault.respond ?? defaultRateLimitResponse, request, detail);
    }
    case 'server-error':
      return fault.respond?.(request) ?? defaultServerErrorResponse(fault.status ?? 500);
    case 'delay':
      if (fault.clock === 'simulator') await request.clock.sleep(fault.ms);
      else await new Promise((resolve) => setTimeout(resolve, fault.ms));
      return undefined;
    default:
      return undefined;
  }
}

async function runHandler(handler: RouteHandler, request: SimulatorRequest): Promise<SimulatorResponse> {
  try {
    const response = await handler(request);
    if (typeof response?.status !== 'number') throw new Error(`handler for ${request.method} ${request.path} returned no response`);
    return response;
  } catch (error) {
    if (error instanceof SimulatorHttpError) return error.response;
    const message = error instanceof Error ? error.message : String(error);
    return { status: 500, body: { error: 'internal_error', message } };
  }
}
