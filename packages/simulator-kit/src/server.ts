// Starts a simulator on 127.0.0.1 and a free port, in-process, and stops it with every connection.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, type Clock } from '@backspace/core';
import { createFaultInjector, type FaultInjector } from './faults.js';
import { handleRequest, type SimulatorStats } from './handle-request.js';
import { createRateLimiter, type RateLimiter, type RateLimitRule } from './rate-limits.js';
import { createRequestLog, type RequestLog } from './request-log.js';
import type { Router } from './router.js';
import { createUserRegistry, type UserRegistry, type UserRegistryOptions } from './users.js';

export interface SimulatorServerOptions extends UserRegistryOptions {
  router: Router;
  /** The simulator's time: timestamps, rate-limit windows, the log. Default: the system clock. */
  clock?: Clock;
  rateLimits?: readonly RateLimitRule[];
}

export interface SimulatorServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  readonly port: number;
  readonly clock: Clock;
  readonly users: UserRegistry;
  readonly faults: FaultInjector;
  readonly rateLimits: RateLimiter;
  readonly log: RequestLog;
  /** Live counters: read them when you need them. */
  readonly stats: Readonly<SimulatorStats>;
  close(): Promise<void>;
}

export async function startSimulatorServer(options: SimulatorServerOptions): Promise<SimulatorServer> {
  const clock = options.clock ?? systemClock;
  const pipeline = {
    router: options.router,
    clock,
    users: createUserRegistry(options),
    faults: createFaultInjector(),
    rateLimits: createRateLimiter(options.rateLimits ?? [], clock),
    log: createRequestLog(),
    stats: { requests: 0, rateLimited: 0 },
  };

  const server = createServer((incoming, outgoing) => {
    handleRequest(pipeline, incoming, outgoing).catch((error: unknown) => {
      // A failure outside any handler (the client went away mid-body, say): answer if still possible.
      if (outgoing.headersSent || outgoing.destroyed) return;
      outgoing.writeHead(500, { 'content-type': 'application/json; charset=utf-8' });
      outgoing.end(JSON.stringify({ error: 'internal_error', message: String(error) }));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  const { users, faults, rateLimits, log, stats } = pipeline;
  return {
    clock,
    users,
    faults,
    rateLimits,
    log,
    stats,
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Kept-alive SDK connections would otherwise hold the server open until they time out.
        server.closeAllConnections();
      }),
  };
}
