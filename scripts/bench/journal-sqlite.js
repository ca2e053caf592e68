// journal.appendsPerSec against journal.rawInsertsPerSec: the raw better-sqlite3 single-row durable
// insert rate with the same settings (WAL, synchronous=FULL) into a table of the same schema and indexes,
// measured in the same run, so the ratio is what the journal's own machinery (hash chain, head lookup,
// API) costs on top of storing the same row durably.
import Database from 'better-sqlite3';
import { round, sqlite, tempPath } from './support.js';

const COUNT = 4000;

export async function run() {
  const raw = new Database(tempPath('raw'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec(sqlite.SCHEMA);
  const insert = raw.prepare('INSERT INTO entries (id, at, type, session_id, data, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const journal = sqlite.createSqliteJournal({ path: tempPath('journal') });
  const data = { input: { title: 'benchmark entry', body: 'x'.repeat(200) }, pre: null };

  // Interleave rounds so both see the same disk conditions on a shared machine.
  let rawMs = 0;
  let journalMs = 0;
  for (let round = 0; round < 8; round += 1) {
    let started = performance.now();
    for (let index = 0; index < COUNT / 8; index += 1) insert.run(`id-${round}-${index}`, new Date().toISOString(), 'action.intent', 's', JSON.stringify(data), 'p'.repeat(64), 'h'.repeat(64));
    rawMs += performance.now() - started;
    started = performance.now();
    for (let index = 0; index < COUNT / 8; index += 1) await journal.append({ type: 'action.intent', sessionId: 's', data });
    journalMs += performance.now() - started;
  }
  raw.close();
  await journal.close();
  const appendsPerSec = COUNT / (journalMs / 1000);
  const rawInsertsPerSec = COUNT / (rawMs / 1000);
  return {
    'journal.appendsPerSec': Math.round(appendsPerSec),
    'journal.rawInsertsPerSec': Math.round(rawInsertsPerSec),
    'journal.appendRatio': round(appendsPerSec / rawInsertsPerSec),
  };
}
