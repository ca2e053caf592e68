// Plans one session with resource reads stubbed (every note still holds the agent's last title) and
// prints the time and the process's peak RSS as JSON.
import { core, sqlite } from './support.js';

const [path, sessionId] = process.argv.slice(2);
const stub = {
  provider: 'notes',
  client: null,
  actions: [],
  compensations: { 'notes.note.restore': { run: async () => undefined } },
  read: async (resource) => ({ title: `t${lastIndexOf(resource.id)}`, body: 'b', tags: [] }),
};
function lastIndexOf(id) {
  const note = Number(id.slice(1));
  return 80_000 + note;
}
const runtime = core.createRuntime({ journal: sqlite.createSqliteJournal({ path }), adapters: [stub], policy: [] });
const started = performance.now();
const plan = await runtime.planRollback(sessionId, { readConcurrency: 256 });
const ms = performance.now() - started;
process.stdout.write(JSON.stringify({ steps: plan.steps.length, ms, peakRssMB: process.resourceUsage().maxRSS / 1024 }));
