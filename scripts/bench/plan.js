// plan.ms and plan.peakRssMB for planning a 100,000-action session from the journal, resource reads
// stubbed. The journal is written here; the planning runs in a fresh child process so its peak RSS is
// the planner's alone.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { sqlite, tempPath } from './support.js';

const ACTIONS = 100_000;

export async function run() {
  const path = tempPath('plan');
  const journal = sqlite.createSqliteJournal({ path, synchronous: 'NORMAL' });
  const sessionId = 'plan-bench';
  await journal.append({ type: 'session.started', sessionId, agentId: 'bench', data: { reason: 'plan benchmark' } });
  const lastTitle = new Map();
  for (let index = 0; index < ACTIONS; index += 1) {
    const id = `n${index % 20_000}`;
    const previous = lastTitle.get(id) ?? 'original';
    lastTitle.set(id, `t${index}`);
    const resource = { provider: 'notes', type: 'note', id };
    await journal.append({
      type: 'action.committed',
      sessionId,
      agentId: 'bench',
      actionId: `a${index}`,
      action: 'notes.note.update',
      idempotencyKey: `${sessionId}:${index}`,
      resource: `notes.note:${id}`,
      data: {
        result: { id },
        post: { title: `t${index}`, body: 'b', tags: [] },
        reversibility: 'reversible',
        compensation: {
          operation: 'notes.note.restore',
          resource,
          input: { id },
          strategy: 'restore-fields',
          fields: ['title'],
          pre: { title: previous, body: 'b', tags: [] },
          post: { title: `t${index}`, body: 'b', tags: [] },
          expect: { fields: { title: previous } },
          description: `restore title of note ${id}`,
        },
      },
    });
  }
  await journal.append({ type: 'session.ended', sessionId, data: {} });
  await journal.close();

  // Three runs, each in a fresh process: the median time and the largest peak RSS are reported.
  const worker = fileURLToPath(new URL('./plan-worker.js', import.meta.url));
  const runs = [];
  for (let run = 0; run < 3; run += 1) {
    const child = spawnSync(process.execPath, [worker, path, sessionId], { encoding: 'utf8' });
    if (child.status !== 0) throw new Error(`plan worker failed: ${child.stderr}`);
    runs.push(JSON.parse(child.stdout));
  }
  const times = runs.map((measured) => measured.ms).sort((left, right) => left - right);
  return {
    'plan.actions': runs[0].steps,
    'plan.ms': Math.round(times[1]),
    'plan.msRuns': times.map(Math.round),
    'plan.peakRssMB': Math.round(Math.max(...runs.map((measured) => measured.peakRssMB))),
  };
}
