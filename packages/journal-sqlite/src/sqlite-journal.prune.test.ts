// The SQLite journal against the shared retention suite, read back with a connection of its own (openJournalFile, @backspace/testkit).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { openJournalFile, runPruneConformance, type JournalFileConnection } from '@backspace/testkit';
import { createSqliteJournal } from './index.js';

const directory = mkdtempSync(join(tmpdir(), 'backspace-sqlite-prune-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));
let files = 0;
const pathOf = (options: unknown) => (options as { path: string }).path;

/** A connection of its own to the file, closed after `run`. */
function withFile<T>(path: string, run: (db: JournalFileConnection) => T): T {
  const db = openJournalFile(path);
  try {
    return run(db);
  } finally {
    db.close();
  }
}

runPruneConformance({
  name: 'sqlite',
  async create() {
    const options = { path: join(directory, `journal-${(files += 1)}.db`) };
    return { store: createSqliteJournal(options), options };
  },
  storedEntries: async (options) =>
    withFile(pathOf(options), (db) => (db.prepare('SELECT seq, session_id AS sessionId FROM entries ORDER BY seq').all() as { seq: number; sessionId: string | null }[])),
  forgeTruncation: async (options, throughSeq, anchor) =>
    withFile(pathOf(options), (db) => {
      db.exec('DROP TRIGGER IF EXISTS entries_no_delete');
      db.prepare('DELETE FROM entries WHERE seq <= ?').run(throughSeq);
      if (anchor) db.prepare('INSERT INTO prune_anchors (through_seq, anchor) VALUES (?, ?)').run(anchor.throughSeq, JSON.stringify(anchor));
    }),
  deleteDirectly: async (options, seq) => withFile(pathOf(options), (db) => void db.prepare('DELETE FROM entries WHERE seq = ?').run(seq)),
});
