// A test's own connection to a journal file, around the journal and its code: raw SQL through the SQLite
// library itself. It is the same library the SQLite journal runs on (node:sqlite where this Node has it,
// better-sqlite3 on Node 20): two copies of SQLite in one process do not see each other's file locks, so
// a second library reading a file the journal holds open could miss the journal's locks, and closing it
// could delete the WAL and its index under the journal.
import { createRequire } from 'node:module';

type Value = string | number | null;

export interface JournalFileConnection {
  prepare(sql: string): { run(...params: Value[]): unknown; get(...params: Value[]): unknown; all(...params: Value[]): unknown[] };
  exec(sql: string): void;
  close(): void;
}

const requireHere = createRequire(import.meta.url);

interface NodeSqlite {
  DatabaseSync: new (path: string, options: { readOnly: boolean }) => JournalFileConnection;
  StatementSync?: { prototype: { iterate?: unknown } };
}

/** node:sqlite by the journal's own rule (present, with the statement iterator that came in Node 22.13); else undefined. */
function nodeSqlite(): NodeSqlite | undefined {
  let loaded: Partial<NodeSqlite> | undefined;
  try {
    loaded = process.getBuiltinModule?.('node:sqlite') as Partial<NodeSqlite> | undefined;
  } catch {
    return undefined;
  }
  return typeof loaded?.DatabaseSync === 'function' && typeof loaded.StatementSync?.prototype.iterate === 'function' ? (loaded as NodeSqlite) : undefined;
}

/** Opens the SQLite file at `path` (created if missing, unless `readOnly`) with the library the journal uses in this process. */
export function openJournalFile(path: string, options: { readOnly?: boolean } = {}): JournalFileConnection {
  const readOnly = options.readOnly ?? false;
  const builtIn = nodeSqlite();
  if (builtIn) return new builtIn.DatabaseSync(path, { readOnly });
  const Database = requireHere('better-sqlite3') as new (path: string, options: { readonly: boolean }) => JournalFileConnection;
  return new Database(path, { readonly: readOnly });
}
