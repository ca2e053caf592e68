// Starts the command center on Node: 127.0.0.1 unless told otherwise, and then only with an access token.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { CommandCenterOptions } from './center.js';
import { createCommandCenterApp } from './app.js';
import { checkBinding, validAccessToken } from './security.js';

export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PORT = 4477;

export interface ServeOptions extends CommandCenterOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Needed for any host but loopback; at least 32 characters. */
  accessToken?: string | null;
}

export interface RunningCommandCenter {
  /** Where to open it, e.g. http://127.0.0.1:4477/ */
  url: string;
  close(): Promise<void>;
}

export async function startCommandCenter(options: ServeOptions): Promise<RunningCommandCenter> {
  const host = options.host ?? DEFAULT_HOST;
  const accessToken = validAccessToken(options.accessToken);
  checkBinding(host, accessToken);
  const { app, center } = createCommandCenterApp(options, { host, accessToken });
  // The first verify before the first page, so the operator sees the journal's state at once.
  await center.integrity.fresh();
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: host, port: options.port ?? DEFAULT_PORT }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `http://${shownHost}:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        // Open event streams would hold the server open: close them with it.
        (server as { closeAllConnections?: () => void }).closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}
