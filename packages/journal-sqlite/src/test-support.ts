// The tests' own connection to a journal file, around the journal and its driver: the library itself.
// better-sqlite3 where its native binary loads (Node 20, and CI's Node 24 run, which rebuilds it), so a
// journal written through node:sqlite is read back by another library; node:sqlite where the binary was
// built for another Node than the one running.
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
  try {
    const Database = requireHere('better-sqlite3') as new (path: string, options: { readonly: boolean }) => FileConnection;
    return new Database(path, { readonly: readOnly });
  } catch (error) {
    const nodeSqlite = process.getBuiltinModule?.('node:sqlite') as { DatabaseSync: new (path: string, options: { readOnly: boolean }) => FileConnection } | undefined;
    if (!nodeSqlite) throw error;
    return new nodeSqlite.DatabaseSync(path, { readOnly });
  }
}
