// The connection appends run on. Every action appends several entries, so checking a connection out of
// the pool for each (timers, listeners, a tick) is measurable under load; appends keep one connection
// of the pool for themselves and take another from the pool only while it is busy, so one process's
// concurrent appends still run side by side.
import type pg from 'pg';

export interface AppendConnection {
  query<R extends pg.QueryResultRow>(config: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  /** Gives the kept connection back, so the pool can end. */
  release(): void;
}

export function keepAppendConnection(pool: pg.Pool, poolSize: number): AppendConnection {
  let kept: pg.PoolClient | undefined;
  let busy = false;
  let released = false;

  // A connection lost while kept: let the pool close it; the next append checks out another.
  const onError = (error: Error) => kept && giveBack(kept, error);
  const giveBack = (client: pg.PoolClient, error?: Error) => {
    if (kept !== client) return;
    kept = undefined;
    client.removeListener('error', onError);
    client.release(error);
  };
  const checkOut = async (): Promise<pg.PoolClient> => {
    const client = await pool.connect();
    client.on('error', onError);
    return client;
  };

  return {
    async query<R extends pg.QueryResultRow>(config: pg.QueryConfig) {
      // With a pool of one, keeping its connection would leave none for reads.
      if (busy || released || poolSize < 2) return pool.query<R>(config);
      busy = true;
      let client: pg.PoolClient | undefined;
      try {
        client = kept ??= await checkOut();
        return await client.query<R>(config);
      } catch (error) {
        // After a failure the connection's state is unknown: the pool closes it, and a fresh one serves the next append.
        if (client) giveBack(client, error as Error);
        throw error;
      } finally {
        busy = false;
        if (released && kept) giveBack(kept);
      }
    },
    release() {
      released = true;
      if (kept && !busy) giveBack(kept);
    },
  };
}
