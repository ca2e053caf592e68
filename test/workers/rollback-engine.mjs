// A rollback engine in its own process: rolls back one session of a shared SQLite journal against a
// GitHub API (the simulator), one step at a time, printing each finished step; the test may kill it.
// Given `freeze-after-first` after the session id, it stops dead (its event loop held) once its first
// step finished, so a kill lands between steps with none of its requests in flight, however slow the
// machine.
import { createRuntime } from '../../packages/core/dist/index.js';
import { createSqliteJournal } from '../../packages/journal-sqlite/dist/index.js';
import { createGithubAdapter } from '../../packages/github/dist/index.js';

const [path, baseUrl, token, sessionId, mode] = process.argv.slice(2);
const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [createGithubAdapter({ token, baseUrl })], policy: [] });
process.stdout.write('started\n');
try {
  const report = await runtime.rollback(sessionId, {
    concurrency: 1,
    onProgress: (event) => {
      if (event.phase !== 'finished') return;
      process.stdout.write(`finished ${event.resource} ${event.outcome}\n`);
      if (mode === 'freeze-after-first') Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    },
  });
  process.stdout.write(`report ${JSON.stringify(report.counts)}\n`);
} catch (error) {
  process.stdout.write(`error ${error.code ?? error.message}\n`);
}
process.exit(0);
