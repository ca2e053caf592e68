// The SQLite library under the journal on the running Node: node:sqlite from Node 22.13 (CI's Node 24 run),
// better-sqlite3 on Node 20 (CI's main run), so the two runs prove each path. Results are read back from
// the file with a connection of the tests' own (openJournalFile, @backspace/testkit) or from the file system.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BackspaceError } from '@backspace/core';
import { openJournalFile } from '@backspace/testkit';
import { selectSqliteDriver, sqliteDriver, sqliteErrorCode } from './driver.js';
import { createSqliteJournal, sqliteDriverName } from './index.js';
import { openDatabase } from './open.js';

const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
const nodeHasSqlite = major > 22 || (major === 22 && minor >= 13);
const directory = () => mkdtempSync(join(tmpdir(), 'backspace-sqlite-driver-'));
const requireHere = createRequire(import.meta.url);

describe('the SQLite library under the journal', () => {
  it(`is ${nodeHasSqlite ? 'node:sqlite' : 'better-sqlite3'} on Node ${process.versions.node}, and a journal opened here runs on it`, async () => {
    expect(sqliteDriverName()).toBe(nodeHasSqlite ? 'node:sqlite' : 'better-sqlite3');
    const path = join(directory(), 'journal.db');
    const journal = createSqliteJournal({ path });
    await journal.append({ type: 'session.started', sessionId: 's1', agentId: 'triage', data: { reason: 'driver' } });
    await journal.close();
    const { db } = openDatabase(path, { busyTimeoutMs: 1_000, create: false, readOnly: true });
    try {
      expect(db.driver).toBe(sqliteDriverName());
      // Only node:sqlite answers rows without a prototype: the library itself, not its label, says which ran.
      const row = db.prepare('SELECT session_id FROM entries').get() as { session_id: string };
      expect(row.session_id).toBe('s1');
      expect(Object.getPrototypeOf(row) === null).toBe(nodeHasSqlite);
      if (nodeHasSqlite) expect((db.prepare('SELECT sqlite_version() AS version').get() as { version: string }).version).toBe(process.versions.sqlite);
    } finally {
      db.close();
    }
    const reader = openJournalFile(path, { readOnly: true });
    expect(reader.prepare('SELECT count(*) AS count FROM entries').get()).toEqual({ count: 1 });
    reader.close();
  });

  it('without node:sqlite and without better-sqlite3, says to install better-sqlite3 or run Node 22.13+', () => {
    const missing = () => requireHere('better-sqlite3-is-not-installed');
    let thrown: unknown;
    try {
      selectSqliteDriver({ nodeSqlite: () => undefined, betterSqlite3: missing });
    } catch (error) {
      thrown = error;
    }
    expect(BackspaceError.isInstance(thrown)).toBe(true);
    expect((thrown as BackspaceError).code).toBe('invalid_config');
    expect((thrown as BackspaceError).message).toBe(`Node ${process.versions.node} has no node:sqlite: install better-sqlite3 (npm i better-sqlite3) or run Node 22.13+`);
  });

  it('a better-sqlite3 that is installed but does not load is named as such', () => {
    const broken = () => {
      throw new Error('Module did not self-register');
    };
    expect(() => selectSqliteDriver({ nodeSqlite: () => undefined, betterSqlite3: broken })).toThrow(/install better-sqlite3 .*or run Node 22\.13\+ \(better-sqlite3 is installed but did not load: Module did not self-register\)/);
  });

  it('a node:sqlite without what the journal uses (before 22.13, behind a flag) is passed over for better-sqlite3', () => {
    const early = { DatabaseSync: class {}, StatementSync: { prototype: {} } };
    expect(selectSqliteDriver({ nodeSqlite: () => early, betterSqlite3: () => requireHere('better-sqlite3') }).name).toBe('better-sqlite3');
  });
});

describe(`the driver on this Node (${sqliteDriverName()})`, () => {
  const driver = sqliteDriver();

  it('a read-only or must-exist open of a missing file fails and creates nothing', () => {
    const dir = directory();
    for (const options of [{ readOnly: true, mustExist: true }, { readOnly: false, mustExist: true }]) {
      let thrown: unknown;
      try {
        driver.open(join(dir, 'missing.db'), { busyTimeoutMs: 100, ...options });
      } catch (error) {
        thrown = error;
      }
      expect(sqliteErrorCode(thrown)).toBe('SQLITE_CANTOPEN');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a transaction commits what its work wrote, and rolls all of it back when the work throws', () => {
    const path = join(directory(), 'db.sqlite');
    const db = driver.open(path, { busyTimeoutMs: 100, readOnly: false, mustExist: false });
    db.exec('CREATE TABLE t (n INTEGER)');
    expect(db.immediate(() => db.prepare('INSERT INTO t VALUES (?)').run(1) && 'done')).toBe('done');
    expect(() =>
      db.immediate(() => {
        db.prepare('INSERT INTO t VALUES (?)').run(2);
        throw new Error('work failed');
      }),
    ).toThrow('work failed');
    // The connection is usable again: no transaction was left open.
    db.immediate(() => db.prepare('INSERT INTO t VALUES (?)').run(3));
    db.close();
    db.close();
    expect(db.open).toBe(false);
    const reader = openJournalFile(path, { readOnly: true });
    expect(reader.prepare('SELECT n FROM t ORDER BY n').all().map((row) => ({ ...(row as object) }))).toEqual([{ n: 1 }, { n: 3 }]);
    reader.close();
  });

  it('waits out the busy timeout for a writer holding the lock, then fails with SQLITE_BUSY', () => {
    const path = join(directory(), 'db.sqlite');
    const setup = openJournalFile(path);
    setup.exec('PRAGMA journal_mode = WAL; CREATE TABLE t (n INTEGER)');
    setup.exec('BEGIN IMMEDIATE');
    const db = driver.open(path, { busyTimeoutMs: 200, readOnly: false, mustExist: true });
    const started = Date.now();
    let thrown: unknown;
    try {
      db.immediate(() => db.prepare('INSERT INTO t VALUES (1)').run());
    } catch (error) {
      thrown = error;
    }
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(sqliteErrorCode(thrown)).toMatch(/^SQLITE_BUSY/);
    setup.exec('ROLLBACK');
    db.immediate(() => db.prepare('INSERT INTO t VALUES (1)').run());
    db.close();
    expect(setup.prepare('SELECT count(*) AS count FROM t').get()).toEqual({ count: 1 });
    setup.close();
  });

  it('a copy of a file reads in memory, refuses writes, and leaves nothing beside the file', () => {
    const dir = directory();
    const path = join(dir, 'db.sqlite');
    const setup = openJournalFile(path);
    setup.exec("CREATE TABLE t (s TEXT); INSERT INTO t VALUES ('kept')");
    setup.close();
    const before = readFileSync(path);
    const copy = driver.openCopy(readFileSync(path));
    expect({ ...(copy.prepare('SELECT s FROM t').get() as object) }).toEqual({ s: 'kept' });
    expect(() => copy.exec("INSERT INTO t VALUES ('no')")).toThrow();
    copy.close();
    expect(readdirSync(dir)).toEqual(['db.sqlite']);
    expect(readFileSync(path).equals(before)).toBe(true);
  });

  it('names a file that is not a database SQLITE_NOTADB', () => {
    const path = join(directory(), 'not-a-db');
    writeFileSync(path, 'x'.repeat(4096));
    const db = driver.open(path, { busyTimeoutMs: 100, readOnly: true, mustExist: true });
    let thrown: unknown;
    try {
      db.prepare('SELECT name FROM sqlite_master').all();
    } catch (error) {
      thrown = error;
    } finally {
      db.close();
    }
    expect(sqliteErrorCode(thrown)).toBe('SQLITE_NOTADB');
    expect(existsSync(`${path}-wal`)).toBe(false);
  });
});
