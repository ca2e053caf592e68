// The SQLite journal against the shared journal conformance suite.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { openJournalFile, runJournalConformance } from '@backspace/testkit';
import { createSqliteJournal } from './index.js';

const directory = mkdtempSync(join(tmpdir(), 'backspace-sqlite-conformance-'));
let files = 0;

/** Opens the file directly, drops the append-only triggers and runs `statement`: tampering around the store. */
function tamper(path: string, statements: string[]): void {
  const db = openJournalFile(path);
  db.exec('DROP TRIGGER IF EXISTS entries_no_update; DROP TRIGGER IF EXISTS entries_no_delete;');
  for (const statement of statements) db.exec(statement);
  db.close();
}

runJournalConformance({
  name: 'sqlite',
  module: fileURLToPath(new URL('../dist/index.js', import.meta.url)),
  factory: 'createSqliteJournal',
  async create() {
    const path = join(directory, `journal-${files++}.db`);
    return { store: createSqliteJournal({ path }), options: { path } };
  },
  open: async (options) => createSqliteJournal(options as { path: string }),
  tamper: {
    edit: async (options, seq, data) => tamper((options as { path: string }).path, [`UPDATE entries SET data = '${JSON.stringify(data)}' WHERE seq = ${seq}`]),
    remove: async (options, seq) => tamper((options as { path: string }).path, [`DELETE FROM entries WHERE seq = ${seq}`]),
    swap: async (options, left, right) =>
      tamper((options as { path: string }).path, [
        `UPDATE entries SET seq = -1 WHERE seq = ${left}`,
        `UPDATE entries SET seq = ${left} WHERE seq = ${right}`,
        `UPDATE entries SET seq = ${right} WHERE seq = -1`,
      ]),
  },
  destroy: async (options) => rmSync((options as { path: string }).path, { force: true }),
});
