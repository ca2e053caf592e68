// runtime.overheadRatio: the runtime's added time per action (create, update) over calling the
// provider directly, divided by one raw durable SQLite insert measured in the same run.
import Database from 'better-sqlite3';
import { core, round, sqlite, tempPath, testkit } from './support.js';

const ACTIONS = 600;

export async function run() {
  const raw = new Database(tempPath('raw'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE rows (seq INTEGER PRIMARY KEY, data TEXT)');
  const insert = raw.prepare('INSERT INTO rows (data) VALUES (?)');

  const service = new testkit.NotesService();
  const runtime = core.createRuntime({ journal: sqlite.createSqliteJournal({ path: tempPath('runtime') }), adapters: [testkit.createNotesAdapter({ service })], policy: [] });
  const session = await runtime.startSession({ agentId: 'bench' });
  const direct = new testkit.NotesService();

  let directMs = 0;
  let runtimeMs = 0;
  let rawMs = 0;
  for (let index = 0; index < ACTIONS / 2; index += 1) {
    let started = performance.now();
    const note = await direct.create('token', { title: `t${index}`, body: '', tags: [] }, `k${index}`);
    await direct.update('token', note.id, { title: `u${index}` }, `u${index}`);
    directMs += performance.now() - started;

    started = performance.now();
    const created = await session.run('notes.note.create', { title: `t${index}` });
    await session.run('notes.note.update', { id: created.id, title: `u${index}` });
    runtimeMs += performance.now() - started;

    started = performance.now();
    insert.run(JSON.stringify({ index }));
    insert.run(JSON.stringify({ index }));
    rawMs += performance.now() - started;
  }
  raw.close();
  const overheadPerAction = (runtimeMs - directMs) / ACTIONS;
  const rawInsertMs = rawMs / ACTIONS;
  return {
    'runtime.overheadMsPerAction': round(overheadPerAction),
    'runtime.rawInsertMs': round(rawInsertMs),
    'runtime.overheadRatio': round(overheadPerAction / rawInsertMs),
  };
}
