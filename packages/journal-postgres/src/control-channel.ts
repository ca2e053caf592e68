// Kill and resume announcements: one dedicated connection LISTENs, and every subscriber hears each one.
import pg from 'pg';
import { controlChannel } from './migrations.js';
import { quoteIdentifier, type JournalSettings } from './settings.js';

export interface ControlChannel {
  subscribe(listener: () => void): () => void;
  close(): Promise<void>;
}

/** How the listening connection shows in pg_stat_activity. */
export const CONTROL_APPLICATION_NAME = 'backspace-journal-control';

const RETRY_MS = [100, 250, 500, 1000, 2000, 5000];

/** Resolves once LISTEN is in place, so a kill appended after this returns is never missed. */
export async function openControlChannel(settings: JournalSettings, connectTimeoutMs: number): Promise<ControlChannel> {
  const channelName = controlChannel(settings.schema);
  const listeners = new Set<() => void>();
  let current: pg.Client | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const announce = () => {
    for (const listener of [...listeners]) {
      try {
        listener();
      } catch (error) {
        process.emitWarning(`a Backspace kill-switch listener threw: ${(error as Error).message}`);
      }
    }
  };

  const connect = async (): Promise<pg.Client> => {
    // A plain client, outside the pool: LISTEN belongs to one session, which must stay open.
    const client = new pg.Client({ connectionString: settings.connectionString, connectionTimeoutMillis: connectTimeoutMs, application_name: CONTROL_APPLICATION_NAME });
    client.on('notification', (message) => {
      if (message.channel === channelName) announce();
    });
    client.on('error', () => lost(client));
    client.on('end', () => lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${quoteIdentifier(channelName)}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      throw error;
    }
    return client;
  };

  // A dropped connection is reopened in the background; subscribers are then told once, because a kill
  // may have been appended while nobody was listening.
  const lost = (client: pg.Client) => {
    if (closed || current !== client) return;
    current = null;
    client.end().catch(() => undefined);
    reconnect(0);
  };
  const reconnect = (attempt: number) => {
    retry = setTimeout(() => {
      connect().then(
        (client) => {
          if (closed) return void client.end().catch(() => undefined);
          current = client;
          announce();
        },
        () => reconnect(attempt + 1),
      );
    }, RETRY_MS[Math.min(attempt, RETRY_MS.length - 1)]);
    retry.unref();
  };

  current = await connect();
  return {
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    async close() {
      closed = true;
      clearTimeout(retry);
      listeners.clear();
      const client = current;
      current = null;
      await client?.end().catch(() => undefined);
    },
  };
}
