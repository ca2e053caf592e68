import { afterAll, describe, expect, it } from 'vitest';
import { ROLLBACK_LOCK } from './advisory-locks.js';
import { quoteIdentifier } from './settings.js';
import { closeTestJournals, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

describe.skipIf(!available)('PostgreSQL journal: one rollback per session', () => {
  afterAll(closeTestJournals);

  it('gives the lock to one engine at a time, across stores, until it is released', async () => {
    const schema = freshSchema();
    const [first, second] = [await openTestJournal(schema), await openTestJournal(schema)];
    const held = await first.lockRollback('s1', 'engine-a');
    expect(held).not.toBeNull();
    expect(await second.lockRollback('s1', 'engine-b')).toBeNull();
    expect(await first.lockRollback('s1', 'engine-c')).toBeNull();
    const other = await second.lockRollback('s2', 'engine-b');
    expect(other).not.toBeNull();
    await held!.release();
    const taken = await second.lockRollback('s1', 'engine-b');
    expect(taken).not.toBeNull();
    await Promise.all([taken!.release(), other!.release()]);
  });

  it('frees the lock the moment its engine is gone (its connection ends), with no lease to wait out', async () => {
    const schema = freshSchema();
    const [first, second] = [await openTestJournal(schema), await openTestJournal(schema)];
    expect(await first.lockRollback('s1', 'engine-a')).not.toBeNull();
    expect(await second.lockRollback('s1', 'engine-b')).toBeNull();
    // What a killed engine's host does to its connection: only the one holding this schema's lock on s1,
    // never another run's rollback lock on the same server.
    const holder = await withDirectConnection((client) =>
      client.query(`SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory' AND classid = $1::bigint::oid AND objid = (hashtext($2)::bigint & 4294967295)::oid AND objsubid = 2`, [ROLLBACK_LOCK, `${quoteIdentifier(schema)}/s1`]),
    );
    expect(holder.rowCount).toBe(1);
    let taken = null;
    for (let attempt = 0; attempt < 50 && !taken; attempt += 1) {
      taken = await second.lockRollback('s1', 'engine-b');
      if (!taken) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(taken).not.toBeNull();
    await taken!.release();
  });

  it('keeps one lock per schema: journals in two schemas never block each other', async () => {
    const [left, right] = [await openTestJournal(freshSchema()), await openTestJournal(freshSchema())];
    const a = await left.lockRollback('same-session', 'engine-a');
    const b = await right.lockRollback('same-session', 'engine-b');
    expect(a).not.toBeNull();
    expect(b).not.toBeNull();
    await Promise.all([a!.release(), b!.release()]);
  });
});
