// One rollback per session across the processes sharing the file: a row per locked session, renewed
// while its engine runs. A holder is gone when its process is no longer alive on this host, or when it
// stopped renewing (another host, a hung process); then the next engine takes the lock over.
import { hostname } from 'node:os';
import type { RollbackLock } from '@backspace/core';
import type { SqliteConnection } from './driver.js';

/** How often a holder renews its lock, and how long without renewal makes it stale. */
export const RENEW_EVERY_MS = 2_000;
export const STALE_AFTER_MS = 15_000;

interface LockRow {
  holder: string;
  host: string;
  pid: number;
  renewed_at: number;
}

export function createRollbackLocks(db: SqliteConnection) {
  const host = hostname();
  const read = db.prepare('SELECT holder, host, pid, renewed_at FROM rollback_locks WHERE session_id = ?');
  const upsert = db.prepare(`INSERT INTO rollback_locks (session_id, holder, host, pid, renewed_at) VALUES (?, ?, ?, ?, ?)
    ON CONFLICT (session_id) DO UPDATE SET holder = excluded.holder, host = excluded.host, pid = excluded.pid, renewed_at = excluded.renewed_at`);
  const renew = db.prepare('UPDATE rollback_locks SET renewed_at = ? WHERE session_id = ? AND holder = ?');
  const remove = db.prepare('DELETE FROM rollback_locks WHERE session_id = ? AND holder = ?');

  const isGone = (row: LockRow, now: number) => now - row.renewed_at > STALE_AFTER_MS || (row.host === host && !processAlive(row.pid));
  const take = (sessionId: string, holder: string): boolean => {
    const now = Date.now();
    const row = read.get(sessionId) as LockRow | undefined;
    if (row && row.holder !== holder && !isGone(row, now)) return false;
    upsert.run(sessionId, holder, host, process.pid, now);
    return true;
  };

  return (sessionId: string, holder: string): RollbackLock | null => {
    if (!db.immediate(() => take(sessionId, holder))) return null;
    const timer = setInterval(() => {
      try {
        renew.run(Date.now(), sessionId, holder);
      } catch {
        // A busy file: the next renewal tries again, well within STALE_AFTER_MS.
      }
    }, RENEW_EVERY_MS);
    timer.unref();
    let released = false;
    return {
      async release() {
        if (released) return;
        released = true;
        clearInterval(timer);
        if (db.open) remove.run(sessionId, holder);
      },
    };
  };
}

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, owned by another user.
    return (error as { code?: string }).code === 'EPERM';
  }
}
