// The tests' own connection to a journal file, around the journal and its driver: the library itself.
// The same library the journal runs on (node:sqlite where this Node has it, better-sqlite3 on Node 20):
// two copies of SQLite in one process do not see each other's file locks, so a second library reading a
// file the journal holds open could undo the journal's locks and its WAL index.
import { createRequire } from 'node:module';

type Value = string | number | null;

export interface FileConnection {
  prepare(sql: string): { run(...params: Value[]): unknown; get(...params: Value[]): unknown; all(...params: Value[]): unknown[] };
  exec(sql: string): void;
  close(): void;
}

const requireHere = createRequire(import.meta.url);

export function openFile(path: string, options: { readOnly?: boolean } = {}): FileConnection {
  const readOnly = options.readOnly ?? false;
  const nodeSqlite = process.getBuiltinModule?.('node:sqlite') as { DatabaseSync: new (path: string, options: { readOnly: boolean }) => FileConnection } | undefined;
  if (nodeSqlite) return new nodeSqlite.DatabaseSync(path, { readOnly });
  const Database = requireHere('better-sqlite3') as new (path: string, options: { readonly: boolean }) => FileConnection;
  return new Database(path, { readonly: readOnly });
}
