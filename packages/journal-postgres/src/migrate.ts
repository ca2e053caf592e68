// Brings a database's journal schema up to this code's version, once, whoever starts first.
import type pg from 'pg';
import { BackspaceError } from '@backspace/core';
import { MIGRATION_LOCK, lockArguments } from './advisory-locks.js';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.js';
import { quoteIdentifier } from './settings.js';

/**
 * Returns the schema version found before migrating (0 for a fresh schema). With `create: false` a
 * schema without a journal is refused and nothing is created.
 */
export async function migrate(client: pg.ClientBase, schema: string, { create = true } = {}): Promise<number> {
  const s = quoteIdentifier(schema);
  await client.query('BEGIN');
  try {
    await client.query(`SELECT pg_advisory_xact_lock(${lockArguments(MIGRATION_LOCK, schema)})`);
    const found = await appliedVersion(client, schema);
    refuseNewer(schema, found);
    if (found === 0 && !create) throw noJournal(schema);
    if (found < SCHEMA_VERSION) {
      if (found === 0) await ensureSchema(client, schema);
      await client.query(`CREATE TABLE IF NOT EXISTS ${s}.schema_migrations (
        version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
      for (const migration of MIGRATIONS.filter((each) => each.version > found)) {
        await client.query(migration.sql(s, schema));
        await client.query(`INSERT INTO ${s}.schema_migrations (version, description) VALUES ($1, $2)`, [migration.version, migration.description]);
      }
    }
    await client.query('COMMIT');
    return found;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/** For a read-only open: the journal must be there, at exactly this code's schema version; nothing is locked or written. */
export async function requireCurrentSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const found = await appliedVersion(client, schema);
  if (found === 0) throw noJournal(schema);
  refuseNewer(schema, found);
  if (found < SCHEMA_VERSION) {
    throw new BackspaceError(
      'journal_unavailable',
      `the journal in schema "${schema}" is at schema version ${found}, older than this @backspace/journal-postgres (${SCHEMA_VERSION}), and a read-only open does not migrate it; open it once with a process that may (an agent of this version)`,
      { details: { schema, schemaVersion: found, supportedVersion: SCHEMA_VERSION } },
    );
  }
}

function refuseNewer(schema: string, found: number): void {
  if (found <= SCHEMA_VERSION) return;
  throw new BackspaceError(
    'journal_unavailable',
    `the journal in schema "${schema}" is at schema version ${found}, newer than this @backspace/journal-postgres understands (${SCHEMA_VERSION}); upgrade it before starting this process`,
    { details: { schema, schemaVersion: found, supportedVersion: SCHEMA_VERSION } },
  );
}

function noJournal(schema: string): BackspaceError {
  return new BackspaceError('journal_unavailable', `no Backspace journal in schema "${schema}", and this open may not create one; check the schema name and the database`, { details: { schema } });
}

async function appliedVersion(client: pg.ClientBase, schema: string): Promise<number> {
  const table = await client.query<{ exists: boolean }>('SELECT to_regclass($1) IS NOT NULL AS exists', [`${quoteIdentifier(schema)}.schema_migrations`]);
  if (!table.rows[0]?.exists) return 0;
  const applied = await client.query<{ version: number | null }>(`SELECT max(version) AS version FROM ${quoteIdentifier(schema)}.schema_migrations`);
  return applied.rows[0]?.version ?? 0;
}

/** Creates the schema when missing; refuses one that already holds tables of something else. */
async function ensureSchema(client: pg.ClientBase, schema: string): Promise<void> {
  const tables = await client.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p', 'v') ORDER BY 1`,
    [schema],
  );
  const foreign = tables.rows.map((row) => row.name).filter((name) => name !== 'schema_migrations');
  if (foreign.length > 0) {
    throw new BackspaceError('journal_unavailable', `schema "${schema}" already holds tables that are not a Backspace journal (${foreign.join(', ')}); choose another schema`, { details: { schema } });
  }
  // Only when missing: CREATE SCHEMA IF NOT EXISTS needs the CREATE privilege even when the schema exists.
  const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema]);
  if (exists.rowCount === 0) await client.query(`CREATE SCHEMA ${quoteIdentifier(schema)}`);
}
