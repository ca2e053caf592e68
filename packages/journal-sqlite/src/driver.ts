// The SQLite library under the journal, behind the few calls the journal makes: Node's own node:sqlite
// (DatabaseSync) when the running Node has it (22.13 and later, without flags), better-sqlite3 otherwise
// (an optional peer dependency, for Node 20). The journal's SQL, transactions and pragmas are one code
// path over either: statements are the library's own, transactions and pragmas are plain SQL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BackspaceError } from '@backspace/core';

export type SqliteDriverName = 'node:sqlite' | 'better-sqlite3';

/** What the journal binds: no BLOBs, no booleans (node:sqlite and better-sqlite3 differ there). */
export type SqliteValue = string | number | bigint | null;

/** A prepared statement: the library's own object; rows are plain or null-prototype objects. */
export interface SqliteStatement {
  run(...params: SqliteValue[]): unknown;
  get(...params: SqliteValue[]): unknown;
  all(...params: SqliteValue[]): unknown[];
  iterate(...params: SqliteValue[]): IterableIterator<unknown>;
}

export interface SqliteConnection {
  readonly driver: SqliteDriverName;
  /** False once closed. */
  readonly open: boolean;
  prepare(sql: string): SqliteStatement;
  /** One or more statements, their rows (a pragma's answer) discarded. */
  exec(sql: string): void;
  /** `work` inside BEGIN IMMEDIATE … COMMIT (the write lock taken up front), rolled back when it throws. */
  immediate<T>(work: () => T): T;
  /** Idempotent. */
  close(): void;
}

export interface OpenFileOptions {
  busyTimeoutMs: number;
  /** SQLite's read-only flag: never creates the file, never writes it. */
  readOnly: boolean;
  /** Opens an existing file only: a missing one is an error, nothing is created. */
  mustExist: boolean;
}

export interface SqliteDriver {
  readonly name: SqliteDriverName;
  open(path: string, options: OpenFileOptions): SqliteConnection;
  /** A read-only database from a file's bytes, without the file (nothing beside it is created). */
  openCopy(bytes: Uint8Array): SqliteConnection;
}

/** How the libraries are loaded: the running Node's, or a test's stand-ins. */
export interface SqliteLibraries {
  /** node:sqlite, or undefined when this Node has none (Node 20, or 22 before 22.13 without the flag). */
  nodeSqlite(): unknown;
  /** better-sqlite3's export; throws as `require` does when it is not installed. */
  betterSqlite3(): unknown;
}

/** The library calls the connection makes, common to both. */
interface NativeDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): unknown;
  close(): void;
}

interface NodeSqliteModule {
  DatabaseSync: new (path: string, options?: { readOnly?: boolean }) => NativeDatabase & { deserialize?: (bytes: Uint8Array) => void };
  StatementSync: { prototype: { iterate?: unknown } };
}

type BetterSqlite3 = new (source: string | Buffer, options?: { readonly?: boolean; fileMustExist?: boolean }) => NativeDatabase;

const requireHere = createRequire(import.meta.url);

const systemLibraries: SqliteLibraries = {
  nodeSqlite: () => {
    try {
      return process.getBuiltinModule?.('node:sqlite');
    } catch {
      return undefined;
    }
  },
  betterSqlite3: () => requireHere('better-sqlite3'),
};

/** node:sqlite when this Node has it, with what the journal uses (iterate came with 22.13); else better-sqlite3. */
export function selectSqliteDriver(libraries: SqliteLibraries): SqliteDriver {
  const nodeSqlite = libraries.nodeSqlite() as Partial<NodeSqliteModule> | undefined;
  if (typeof nodeSqlite?.DatabaseSync === 'function' && typeof nodeSqlite.StatementSync?.prototype.iterate === 'function') {
    return nodeSqliteDriver(nodeSqlite as NodeSqliteModule);
  }
  let Database: BetterSqlite3;
  try {
    const loaded = libraries.betterSqlite3() as BetterSqlite3 | { default: BetterSqlite3 };
    Database = 'default' in loaded ? loaded.default : loaded;
  } catch (error) {
    const missing = (error as { code?: string }).code === 'MODULE_NOT_FOUND' || (error as { code?: string }).code === 'ERR_MODULE_NOT_FOUND';
    const why = missing ? '' : ` (better-sqlite3 is installed but did not load: ${(error as Error).message})`;
    throw new BackspaceError('invalid_config', `Node ${process.versions.node} has no node:sqlite: install better-sqlite3 (npm i better-sqlite3) or run Node 22.13+${why}`, { cause: error });
  }
  return {
    name: 'better-sqlite3',
    open: (path, options) => connection('better-sqlite3', new Database(path, { readonly: options.readOnly, fileMustExist: options.readOnly || options.mustExist }), options.busyTimeoutMs),
    openCopy: (bytes) => readOnlyCopy(connection('better-sqlite3', new Database(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), { readonly: true }), 0)),
  };
}

function nodeSqliteDriver({ DatabaseSync }: NodeSqliteModule): SqliteDriver {
  return {
    name: 'node:sqlite',
    open(path, options) {
      if (options.readOnly) return connection('node:sqlite', new DatabaseSync(path, { readOnly: true }), options.busyTimeoutMs);
      if (!options.mustExist) return connection('node:sqlite', new DatabaseSync(path), options.busyTimeoutMs);
      // SQLite's own "must exist": a URI asking for read-write without create.
      const uri = pathToFileURL(path);
      uri.searchParams.set('mode', 'rw');
      return connection('node:sqlite', new DatabaseSync(uri.href), options.busyTimeoutMs);
    },
    openCopy(bytes) {
      const db = new DatabaseSync(':memory:');
      if (typeof db.deserialize === 'function') {
        try {
          db.deserialize(bytes);
        } catch (error) {
          db.close();
          throw error;
        }
        return readOnlyCopy(connection('node:sqlite', db, 0));
      }
      // Node 22's node:sqlite has no deserialize: a private copy in a directory of its own, removed at once
      // where an open file may be (POSIX), otherwise when closed.
      db.close();
      const directory = mkdtempSync(join(tmpdir(), 'backspace-journal-copy-'));
      const remove = () => rmSync(directory, { recursive: true, force: true });
      try {
        const file = join(directory, 'journal.db');
        writeFileSync(file, bytes, { mode: 0o600 });
        const copy = connection('node:sqlite', new DatabaseSync(file, { readOnly: true }), 0, remove);
        try {
          remove();
        } catch {
          // Removed on close.
        }
        return copy;
      } catch (error) {
        remove();
        throw error;
      }
    },
  };
}

/** A copy answers reads only, as the file it was read from was opened. */
function readOnlyCopy(copy: SqliteConnection): SqliteConnection {
  try {
    copy.exec('PRAGMA query_only = ON');
  } catch (error) {
    copy.close();
    throw error;
  }
  return copy;
}

function connection(driver: SqliteDriverName, native: NativeDatabase, busyTimeoutMs: number, onClose?: () => void): SqliteConnection {
  let open = true;
  const exec = (sql: string) => void native.exec(sql);
  const close = () => {
    if (!open) return;
    open = false;
    native.close();
    onClose?.();
  };
  try {
    exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
  } catch (error) {
    close();
    throw error;
  }
  return {
    driver,
    get open() {
      return open;
    },
    prepare: (sql) => native.prepare(sql),
    exec,
    immediate(work) {
      exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        exec('COMMIT');
        return result;
      } catch (error) {
        try {
          exec('ROLLBACK');
        } catch {
          // SQLite rolled the transaction back itself.
        }
        throw error;
      }
    },
    close,
  };
}

let chosen: SqliteDriver | undefined;

/** The driver for this process, chosen on first use; its error says what to install when there is none. */
export function sqliteDriver(): SqliteDriver {
  chosen ??= selectSqliteDriver(systemLibraries);
  return chosen;
}

/** Which library opens journals in this process: `node:sqlite` on Node 22.13+, `better-sqlite3` on Node 20. */
export function sqliteDriverName(): SqliteDriverName {
  return sqliteDriver().name;
}

// SQLite's result codes by name, as better-sqlite3 gives them in `code`; node:sqlite gives the number.
const PRIMARY_CODES: Record<number, string> = { 1: 'SQLITE_ERROR', 5: 'SQLITE_BUSY', 6: 'SQLITE_LOCKED', 8: 'SQLITE_READONLY', 10: 'SQLITE_IOERR', 11: 'SQLITE_CORRUPT', 14: 'SQLITE_CANTOPEN', 19: 'SQLITE_CONSTRAINT', 26: 'SQLITE_NOTADB' };
const EXTENDED_CODES: Record<number, string> = { 261: 'SQLITE_BUSY_RECOVERY', 517: 'SQLITE_BUSY_SNAPSHOT', 773: 'SQLITE_BUSY_TIMEOUT', 1544: 'SQLITE_READONLY_DIRECTORY' };

/** An error's SQLite code by name (`SQLITE_BUSY`, `SQLITE_NOTADB`, …) from either library; '' for other errors. */
export function sqliteErrorCode(error: unknown): string {
  const { code, errcode } = (typeof error === 'object' && error !== null ? error : {}) as { code?: unknown; errcode?: unknown };
  if (typeof code === 'string' && code.startsWith('SQLITE_')) return code;
  if (typeof errcode === 'number') return EXTENDED_CODES[errcode] ?? PRIMARY_CODES[errcode & 0xff] ?? `SQLITE_${errcode}`;
  return '';
}
