// A Node without node:sqlite and without better-sqlite3 (Node 20, the optional peer not installed),
// simulated through the driver's loader: opening a journal says what to install, and creates nothing.
import { mkdtempSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { BackspaceError } from '@backspace/core';
import { createSqliteJournal } from './index.js';

vi.mock('./driver.js', async (importOriginal) => {
  const driver = await importOriginal<typeof import('./driver.js')>();
  const requireHere = createRequire(import.meta.url);
  const libraries = { nodeSqlite: () => undefined, betterSqlite3: () => requireHere('better-sqlite3-is-not-installed') };
  return { ...driver, sqliteDriver: () => driver.selectSqliteDriver(libraries) };
});

describe('a journal on a Node without node:sqlite and without better-sqlite3', () => {
  it('is refused at open with an invalid_config error naming the install step, and no file is created', () => {
    const directory = mkdtempSync(join(tmpdir(), 'backspace-sqlite-missing-'));
    let thrown: unknown;
    try {
      createSqliteJournal({ path: join(directory, 'journal.db') });
    } catch (error) {
      thrown = error;
    }
    expect(BackspaceError.isInstance(thrown)).toBe(true);
    expect((thrown as BackspaceError).code).toBe('invalid_config');
    expect((thrown as BackspaceError).message).toBe(`Node ${process.versions.node} has no node:sqlite: install better-sqlite3 (npm i better-sqlite3) or run Node 22.13+`);
    expect(readdirSync(directory)).toEqual([]);
  });
});
