// killSwitch.propagationMsP95: from `kill` in this process to the first refused action in another
// process on the same SQLite journal, over several trials.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { core, percentile, round, sqlite, tempPath, testkit } from './support.js';

const TRIALS = 12;
const worker = fileURLToPath(new URL('../../test/workers/kill-switch-agent.mjs', import.meta.url));

async function trial() {
  const path = tempPath('kill');
  const runtime = core.createRuntime({ journal: sqlite.createSqliteJournal({ path }), adapters: [testkit.createNotesAdapter({ service: new testkit.NotesService() })], policy: [] });
  const child = spawn(process.execPath, [worker, path, 'victim'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let output = '';
  const seen = (prefix) =>
    new Promise((resolve, reject) => {
      const check = () => {
        const line = output.split('\n').find((candidate) => candidate.startsWith(prefix));
        if (line) resolve(line);
      };
      child.stdout.on('data', (chunk) => {
        output += chunk.toString();
        check();
      });
      child.on('exit', () => setTimeout(() => reject(new Error(`agent exited before "${prefix}"`)), 50));
      check();
    });
  await seen('running');
  const killedAt = Date.now();
  await runtime.kill({ scope: { agentId: 'victim' }, reason: 'benchmark', by: 'bench' });
  const refusal = await seen('refused');
  await runtime.journal.close();
  return Number(refusal.split(' ')[1]) - killedAt;
}

export async function run() {
  const samples = [];
  for (let index = 0; index < TRIALS; index += 1) samples.push(await trial());
  return { 'killSwitch.propagationMsP95': round(percentile(samples, 0.95), 1), 'killSwitch.trials': TRIALS };
}
