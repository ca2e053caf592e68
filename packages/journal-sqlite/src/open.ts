// Opening the journal file with clear errors for the ways it goes wrong (missing folder, not a database).
import Database from 'better-sqlite3';
import { BackspaceError } from '@backspace/core';

export function openDatabase(path: string, busyTimeoutMs: number): Database.Database {
  if (typeof path !== 'string' || path.length === 0) {
    throw new BackspaceError('journal_unavailable', 'createSqliteJournal needs { path }: the journal file (created when missing)');
  }
  let db: Database.Database;
  try {
    db = new Database(path, { timeout: busyTimeoutMs });
  } catch (error) {
    throw new BackspaceError('journal_unavailable', `cannot open journal ${path}: ${(error as Error).message}`, { cause: error });
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    return db;
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    const why = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'the file is not a SQLite database or is corrupt' : (error as Error).message;
    throw new BackspaceError('journal_unavailable', `cannot open journal ${path}: ${why}`, { cause: error });
  }
}
