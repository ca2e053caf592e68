// Opening the journal file with clear errors for the ways it goes wrong (missing, empty, not a database,
// another application's database, a newer schema), deciding all of that before anything is written.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { BackspaceError } from '@backspace/core';
import { sqliteDriver, sqliteErrorCode, type SqliteConnection, type SqliteDriver } from './driver.js';
import { SCHEMA_VERSION } from './schema.js';

export interface OpenChoice {
  busyTimeoutMs: number;
  /** Create the file (and the schema) when missing or empty. */
  create: boolean;
  /** Read only: no WAL switch, no migration; the caller never writes. */
  readOnly: boolean;
}

export interface OpenedDatabase {
  db: SqliteConnection;
  /** The journal's schema version; 0 for a new file this open may create the schema in. */
  version: number;
}

const unavailable = (message: string, cause?: unknown) => new BackspaceError('journal_unavailable', message, cause === undefined ? {} : { cause });

export function openDatabase(path: string, choice: OpenChoice): OpenedDatabase {
  if (typeof path !== 'string' || path.length === 0) {
    throw unavailable('createSqliteJournal needs { path }: the journal file (created when missing)');
  }
  const inMemory = path === ':memory:';
  if (!inMemory && (!choice.create || choice.readOnly)) {
    // Only an explicit create may make a journal: a mistyped path must not start a new, empty one.
    if (!existsSync(path)) throw unavailable(`no journal at ${path}`);
    if (statSync(path).size === 0) throw unavailable(`${path} is an empty file, not a Backspace journal`);
  }
  // Outside the open's own errors: without a SQLite library, the error says which to install.
  const driver = sqliteDriver();
  let db: SqliteConnection;
  try {
    db = driver.open(path, { busyTimeoutMs: choice.busyTimeoutMs, readOnly: choice.readOnly && !inMemory, mustExist: !inMemory && (!choice.create || choice.readOnly) });
  } catch (error) {
    throw unavailable(`cannot open journal ${path}: ${(error as Error).message}`, error);
  }
  try {
    let version: number;
    try {
      version = journalVersion(db, path);
    } catch (error) {
      if (!choice.readOnly || !cannotIndexInPlace(error)) throw error;
      db.close();
      db = snapshotOf(driver, path);
      version = journalVersion(db, path);
    }
    if (version === 0 && (!choice.create || choice.readOnly)) throw unavailable(`${path} is a SQLite database without tables, not a Backspace journal`);
    if (!choice.readOnly) {
      // Only now that the file is known to be ours (or new) does anything write to it.
      db.exec('PRAGMA journal_mode = WAL');
      db.exec('PRAGMA foreign_keys = ON');
    }
    return { db, version };
  } catch (error) {
    db.close();
    if (BackspaceError.isInstance(error)) throw error;
    const code = sqliteErrorCode(error);
    const why = code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' ? 'the file is not a SQLite database or is corrupt' : (error as Error).message;
    throw unavailable(`cannot open journal ${path}: ${why}`, error);
  }
}

/**
 * Reads, without writing, which journal the file holds: 0 for a database without tables, its schema
 * version for a Backspace journal this code understands; refuses anything else.
 */
function journalVersion(db: SqliteConnection, path: string): number {
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]).map((table) => table.name);
  if (tables.length === 0) return 0;
  if (!tables.includes('backspace_meta') || !tables.includes('entries')) {
    throw unavailable(`${path} is a SQLite database but not a Backspace journal (it has tables ${tables.join(', ')})`);
  }
  const row = db.prepare("SELECT value FROM backspace_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  const version = Number(row?.value ?? 0);
  if (!Number.isInteger(version) || version < 1) throw unavailable(`${path} is a Backspace journal without a schema version; it cannot be trusted`);
  if (version > SCHEMA_VERSION) {
    throw unavailable(`journal ${path} has schema version ${version}, newer than this Backspace understands (${SCHEMA_VERSION}); upgrade @backspace/journal-sqlite`);
  }
  return version;
}

/** A WAL journal read in place needs its `-shm` index beside it; in a directory this user cannot write, SQLite cannot make one. */
function cannotIndexInPlace(error: unknown): boolean {
  const code = sqliteErrorCode(error);
  return code === 'SQLITE_READONLY_DIRECTORY' || code === 'SQLITE_CANTOPEN';
}

/**
 * The journal read into memory, for a read-only open where SQLite cannot index its WAL in place. Only
 * when no WAL holds entries not yet in the file (no writer has it open): otherwise the copy would miss them.
 */
function snapshotOf(driver: SqliteDriver, path: string): SqliteConnection {
  const wal = `${path}-wal`;
  if (existsSync(wal) && statSync(wal).size > 0) {
    throw unavailable(`cannot read journal ${path} read-only: its newest entries are in ${wal}, and SQLite cannot read them from a directory this user may not write; read it as a user who may write the directory`);
  }
  const bytes = readFileSync(path);
  // Bytes 18 and 19 of the header say WAL (2); an in-memory copy has no WAL, so it reads as a plain file (1).
  if (bytes.length >= 20 && bytes[18] === 2 && bytes[19] === 2) bytes[18] = bytes[19] = 1;
  return driver.openCopy(bytes);
}
