// Rollback leases: one holder per name at a time, judged by the database's clock so hosts may disagree.
import type pg from 'pg';
import { BackspaceError } from '@backspace/core';
import { quoteIdentifier } from './settings.js';

export interface Leases {
  acquire(name: string, holder: string, ttlMs: number): Promise<boolean>;
  release(name: string, holder: string): Promise<void>;
}

export function createLeases(pool: pg.Pool, schema: string): Leases {
  const s = quoteIdentifier(schema);
  return {
    async acquire(name, holder, ttlMs) {
      if (!Number.isFinite(ttlMs) || ttlMs <= 0) throw new BackspaceError('invalid_input', `lease ${name}: ttlMs must be a positive number of milliseconds, not ${ttlMs}`);
      // One statement: the row lock taken by ON CONFLICT makes two acquirers of the same lease take turns,
      // and the second sees the first's lease as live.
      const taken = await pool.query(
        `INSERT INTO ${s}.leases AS lease (name, holder, expires_at) VALUES ($1, $2, clock_timestamp() + $3 * interval '1 millisecond')
          ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
          WHERE lease.holder = excluded.holder OR lease.expires_at <= clock_timestamp()
          RETURNING holder`,
        [name, holder, ttlMs],
      );
      return taken.rowCount === 1;
    },
    async release(name, holder) {
      await pool.query(`DELETE FROM ${s}.leases WHERE name = $1 AND holder = $2`, [name, holder]);
    },
  };
}
