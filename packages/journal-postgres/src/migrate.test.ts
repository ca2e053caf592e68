import { afterAll, describe, expect, it } from 'vitest';
import { GENESIS_HASH, entryBodyParts, entryFields, entryHash } from '@backspace/core';
import { SCHEMA_VERSION } from './index.js';
import { MIGRATIONS } from './migrations.js';
import { ENTRY_COLUMNS, entryToParameters } from './rows.js';
import { closeTestJournals, dropLater, freshSchema, openTestJournal, postgresAvailable, tamper, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();

/** Everything migrations create or record in `schema`, read straight from the catalog. */
function schemaSnapshot(schema: string) {
  return withDirectConnection(async (client) => {
    const objects = await client.query(
      `SELECT 'relation' AS kind, c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1
        UNION ALL SELECT 'trigger', t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND NOT t.tgisinternal
        UNION ALL SELECT 'function', p.proname FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1
        ORDER BY 1, 2`,
      [schema],
    );
    const migrations = await client.query(`SELECT to_regclass($1) IS NOT NULL AS present`, [`"${schema}".schema_migrations`]);
    const applied = migrations.rows[0].present ? (await client.query(`SELECT version, description, applied_at FROM "${schema}".schema_migrations ORDER BY version`)).rows : [];
    return { objects: objects.rows, applied };
  });
}

describe.skipIf(!available)('PostgreSQL journal schema migrations', () => {
  afterAll(closeTestJournals);

  it('creates the schema on a fresh database and records each migration it applied', async () => {
    const store = await openTestJournal();
    const { objects, applied } = await schemaSnapshot(store.schema);
    expect(applied.map((row) => row.version)).toEqual(Array.from({ length: SCHEMA_VERSION }, (_, index) => index + 1));
    expect(objects).toEqual(expect.arrayContaining([{ kind: 'relation', name: 'entries' }, { kind: 'relation', name: 'leases' }, { kind: 'trigger', name: 'entries_append_only' }]));
  });

  it('changes nothing when run again, even by several processes starting at once', async () => {
    const schema = freshSchema();
    await Promise.all(Array.from({ length: 4 }, () => openTestJournal(schema)));
    const before = await schemaSnapshot(schema);
    await openTestJournal(schema);
    expect(await schemaSnapshot(schema)).toEqual(before);
    expect(before.applied).toHaveLength(SCHEMA_VERSION);
  });

  it('upgrades a journal made by older code, keeping its entries and its chain', async () => {
    const schema = dropLater(freshSchema());
    const first = MIGRATIONS[0]!;
    await withDirectConnection(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await client.query(first.sql(`"${schema}"`, schema));
      await client.query(`INSERT INTO "${schema}".schema_migrations (version, description) VALUES (1, $1)`, [first.description]);
      const unhashed = { seq: 1, id: 'e1', at: '2026-01-01T00:00:00.000Z', type: 'session.started' as const, sessionId: 's', agentId: 'a', actionId: null, action: null, idempotencyKey: null, resource: null, correlationId: null, data: { reason: 'old' }, prevHash: GENESIS_HASH };
      await client.query(`INSERT INTO "${schema}".entries (${ENTRY_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`, entryToParameters({ ...unhashed, hash: entryHash(unhashed) }));
    });
    const store = await openTestJournal(schema);
    expect((await schemaSnapshot(schema)).applied.map((row) => row.version)).toEqual(MIGRATIONS.map((migration) => migration.version));
    expect((await store.append({ type: 'session.ended', sessionId: 's', data: {} })).seq).toBe(2);
    expect(await store.verify()).toEqual({ ok: true, entries: 2 });
  });

  it('continues a single-chain journal (version 3) in several chains that start from its head', async () => {
    const schema = dropLater(freshSchema());
    const legacy = await withDirectConnection(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const migration of MIGRATIONS.filter((each) => each.version <= 3)) {
        await client.query(migration.sql(`"${schema}"`, schema));
        await client.query(`INSERT INTO "${schema}".schema_migrations (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
      }
      // Appended the way version 3 did, through its procedure.
      const hashes: string[] = [];
      for (const sessionId of ['s1', 's2', 's1']) {
        const { fields, dataJson } = entryFields({ type: 'action.intent', sessionId, data: { sessionId } });
        const { beforeData, afterData, suffix } = entryBodyParts(fields);
        const values = [fields.id, fields.at, fields.type, fields.sessionId, fields.agentId, fields.actionId, fields.action, fields.idempotencyKey, fields.resource, fields.correlationId, dataJson, beforeData + dataJson + afterData, suffix, schema];
        const { rows } = await client.query(`CALL "${schema}".append_chained($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, NULL, NULL, NULL)`, values);
        hashes.push(rows[0].o_hash);
      }
      return hashes;
    });
    const store = await openTestJournal(schema);
    const next = [await store.append({ type: 'action.intent', sessionId: 's1', data: {} }), await store.append({ type: 'action.intent', sessionId: 's2', data: {} })];
    expect(next.map((entry) => entry.seq)).toEqual([4, 5]);
    expect(next.map((entry) => entry.prevHash)).toEqual([legacy[2], legacy[2]]);
    expect(await store.verify()).toEqual({ ok: true, entries: 5 });

    // The chains vouch for the older entries: losing the last of them is seen.
    await tamper(schema, [`DELETE FROM $schema.entries WHERE seq = 3`]);
    expect(await store.verify()).toMatchObject({ ok: false, firstBad: { seq: 3, reason: expect.stringContaining('is missing') } });
  });

  it('refuses a journal migrated by newer code, with a typed error and without writing anything', async () => {
    const store = await openTestJournal();
    await store.append({ type: 'session.started', sessionId: 's', agentId: 'a', data: {} });
    const newer = SCHEMA_VERSION + 1;
    await withDirectConnection((client) => client.query(`INSERT INTO "${store.schema}".schema_migrations (version, description) VALUES ($1, 'from the future')`, [newer]));
    const before = await schemaSnapshot(store.schema);
    const failure = openTestJournal(store.schema);
    await expect(failure).rejects.toMatchObject({ code: 'journal_unavailable', details: { schemaVersion: newer, supportedVersion: SCHEMA_VERSION } });
    await expect(failure).rejects.toThrow(`schema version ${newer}, newer than this @backspace/journal-postgres understands (${SCHEMA_VERSION})`);
    expect(await schemaSnapshot(store.schema)).toEqual(before);
  });

  it('creates nothing in a schema whose only table says it is newer', async () => {
    const schema = dropLater(freshSchema());
    await withDirectConnection(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      await client.query(`INSERT INTO "${schema}".schema_migrations (version, description) VALUES (99, 'future')`);
    });
    await expect(openTestJournal(schema)).rejects.toMatchObject({ code: 'journal_unavailable' });
    const { objects } = await schemaSnapshot(schema);
    expect(objects.map((object) => object.name)).toEqual(['schema_migrations', 'schema_migrations_pkey']);
  });

  it('refuses a schema that already holds something other than a journal', async () => {
    const schema = dropLater(freshSchema());
    await withDirectConnection(async (client) => {
      await client.query(`CREATE SCHEMA "${schema}"`);
      await client.query(`CREATE TABLE "${schema}".invoices (id integer)`);
    });
    await expect(openTestJournal(schema)).rejects.toThrow(/already holds tables that are not a Backspace journal \(invoices\)/);
  });
});
