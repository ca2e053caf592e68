// The shapes every simulator route, fault and rate limit shares: one parsed request, one response.
import type { Clock } from '@backspace/core';

/** Whoever holds a bearer token: each distinct token is a distinct user of the simulated service. */
export interface SimulatorUser {
  readonly token: string;
  readonly id: string;
  readonly name: string;
}

export interface SimulatorRequest {
  /** Upper-case, e.g. `POST`. */
  readonly method: string;
  /** The URL path as sent (still percent-encoded), without the query string. */
  readonly path: string;
  /** Route parameters, percent-decoded: `/repos/:owner/:repo` gives `{ owner, repo }`. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters; when a name repeats the last value wins (see `searchParams` for all). */
  readonly query: Readonly<Record<string, string>>;
  readonly searchParams: URLSearchParams;
  /**
   * JSON bodies parsed; form bodies as a flat object of strings (JSON inside a form field stays a
   * string, as the real services receive it); other bodies as text; `undefined` when empty.
   */
  readonly body: unknown;
  readonly rawBody: string;
  /** Header names lower-case; repeated headers joined with `, `. */
  readonly headers: Readonly<Record<string, string>>;
  /** `null` when the request carries no token: the provider decides how to answer. */
  readonly user: SimulatorUser | null;
  readonly clock: Clock;
}

export interface SimulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** Objects, arrays, numbers and booleans are sent as JSON; strings and bytes as they are. */
  body?: unknown;
}

export type RouteHandler = (request: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>;

export type RequestPredicate = (request: SimulatorRequest) => boolean;
