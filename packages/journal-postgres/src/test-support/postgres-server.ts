// The PostgreSQL server the tests use: whether it answers (fail in CI, skip with a reason elsewhere),
// throwaway schemas, and a direct connection that goes around the store.
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createPostgresJournal, type PostgresJournal } from '../postgres-journal.js';
import { describeServer } from '../settings.js';

export const TEST_DATABASE_URL = process.env.BACKSPACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/**
 * True when the test server answers. When it does not: in CI (CI=true) this throws, so the test file
 * fails rather than skipping; elsewhere it prints why and returns false so the caller can skip.
 */
export async function postgresAvailable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch (error) {
    const reason = `PostgreSQL at ${describeServer(TEST_DATABASE_URL).server} (BACKSPACE_PG_URL) does not answer: ${(error as Error).message || (error as { code?: string }).code}`;
    if (process.env.CI === 'true') throw new Error(`${reason}. CI=true, so the PostgreSQL journal tests fail instead of being skipped.`);
    console.warn(`skipping PostgreSQL journal tests: ${reason}. Start a server or set BACKSPACE_PG_URL to run them.`);
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** A random schema name, so parallel test runs never share a journal. */
export function freshSchema(): string {
  return `bs_test_${randomBytes(6).toString('hex')}`;
}

/** Runs `work` on its own connection to the test server, outside any store (as `role` when given). */
export async function withDirectConnection<T>(work: (client: pg.Client) => Promise<T>, role?: string): Promise<T> {
  const client = new pg.Client({ connectionString: role ? connectionStringAs(role) : TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** The test server's URL, logging in as another role (trust authentication). */
export function connectionStringAs(role: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.username = role;
  return url.toString();
}

export async function dropSchema(schema: string): Promise<void> {
  await withDirectConnection((client) => client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`));
}

/** Runs statements with triggers off (superuser only), the way an attacker with database access would. */
export async function tamper(schema: string, statements: string[]): Promise<void> {
  await withDirectConnection(async (client) => {
    await client.query('BEGIN');
    await client.query('SET LOCAL session_replication_role = replica');
    for (const statement of statements) await client.query(statement.replaceAll('$schema', `"${schema}"`));
    await client.query('COMMIT');
  });
}

/** The built package, which child processes import; the root `pnpm test` builds it first. */
export function builtPackage(): string {
  const built = fileURLToPath(new URL('../../dist/index.js', import.meta.url));
  const core = fileURLToPath(new URL('../../../core/dist/index.js', import.meta.url));
  for (const path of [built, core]) {
    if (!existsSync(path)) throw new Error(`${path} is missing: run \`pnpm build\` (or \`pnpm --filter @backspace/journal-postgres... build\`) before these tests`);
  }
  return built;
}

const openedJournals: PostgresJournal[] = [];
const usedSchemas = new Set<string>();

/** A store on the test server in `schema` (a fresh one by default); `closeTestJournals` cleans up. */
export async function openTestJournal(schema = freshSchema()): Promise<PostgresJournal> {
  usedSchemas.add(schema);
  const store = await createPostgresJournal({ connectionString: TEST_DATABASE_URL, schema });
  openedJournals.push(store);
  return store;
}

/** Closes every store `openTestJournal` opened and drops their schemas. */
export async function closeTestJournals(): Promise<void> {
  await Promise.all(openedJournals.splice(0).map((store) => store.close()));
  for (const schema of usedSchemas) await dropSchema(schema);
  usedSchemas.clear();
}

/** Remembers a schema made around `openTestJournal`, so `closeTestJournals` drops it too. */
export function dropLater(schema: string): string {
  usedSchemas.add(schema);
  return schema;
}
