// One rollback per session across hosts: a session-level advisory lock held on a connection of its
// own (outside the pool, so a pool of one still serves the rollback's appends). The lock ends the
// moment that connection does: a crashed or killed engine holds nothing.
import pg from 'pg';
import type { RollbackLock } from '@backspace/core';
import { ROLLBACK_LOCK } from './advisory-locks.js';

export async function lockRollback(connectionString: string, quotedSchema: string, sessionId: string): Promise<RollbackLock | null> {
  const client = new pg.Client({ connectionString, application_name: 'backspace-rollback-lock', connectionTimeoutMillis: 10_000 });
  // A dropped connection must not crash the process; the lock is gone with it either way.
  client.on('error', () => undefined);
  await client.connect();
  const name = `${quotedSchema}/${sessionId}`;
  let held = false;
  try {
    const { rows } = await client.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(${ROLLBACK_LOCK}, hashtext($1)) AS locked`, [name]);
    held = rows[0]?.locked === true;
  } finally {
    if (!held) await client.end().catch(() => undefined);
  }
  if (!held) return null;
  let released: Promise<void> | undefined;
  // Closing the connection releases the lock; no unlock statement is needed.
  return { release: () => (released ??= client.end().catch(() => undefined)) };
}
