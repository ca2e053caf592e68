// A separate agent process on a shared SQLite journal: runs actions until the kill switch refuses one,
// then prints the wall-clock time of that first refusal. Used by the kill switch test and benchmark.
import { createRuntime } from '../../packages/core/dist/index.js';
import { createSqliteJournal } from '../../packages/journal-sqlite/dist/index.js';
import { NotesService, createNotesAdapter } from '../../packages/testkit/dist/index.js';

const [path, agentId] = process.argv.slice(2);
const journal = createSqliteJournal({ path });
const runtime = createRuntime({ journal, adapters: [createNotesAdapter({ service: new NotesService() })], policy: [] });
const session = await runtime.startSession({ agentId });
process.stdout.write(`session ${session.id}\n`);
for (let step = 0; step < 100_000; step += 1) {
  try {
    await session.run('notes.note.create', { title: `step ${step}` });
    if (step === 0) process.stdout.write('running\n');
  } catch (error) {
    if (error.code === 'killed') {
      process.stdout.write(`refused ${Date.now()} ${error.message}\n`);
      await journal.close();
      process.exit(0);
    }
    throw error;
  }
  await new Promise((resolve) => setTimeout(resolve, 5));
}
process.exit(1);
