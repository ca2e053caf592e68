// The PostgreSQL journal under many writer processes, against raw single-row inserts of the same rows
// into a table with the same columns and indexes (no chain, no triggers) on the same server, measured in
// the same run with rounds interleaved, in alternating order, so both see the same disk and the same
// drift in the machine's speed; and how fast a kill appended in one process reaches another process's
// store through LISTEN/NOTIFY. Run as `node journal-postgres.js --worker` it is one of those writer
// processes. Needs BACKSPACE_PG_URL (default: local `test` database).
import { spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createInterface } from 'node:readline';

const { createPostgresJournal } = await import('../../packages/journal-postgres/dist/index.js');
const pg = createRequire(new URL('../../packages/journal-postgres/package.json', import.meta.url))('pg');

const CONNECTION_STRING = process.env.BACKSPACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 8;
const ROUND_MS = 2000;
const WARM_UP_MS = 500;
const ROUNDS = 4;
const KILL_TRIALS = 20;
const DATA = { input: { title: 'benchmark entry', body: 'x'.repeat(200) }, pre: null };
const now = () => performance.timeOrigin + performance.now();
const round = (value, digits = 3) => Number(value.toFixed(digits));

export async function run() {
  const schema = `bs_bench_${randomBytes(4).toString('hex')}`;
  const journal = await createPostgresJournal({ connectionString: CONNECTION_STRING, schema });
  const admin = new pg.Client({ connectionString: CONNECTION_STRING });
  await admin.connect();
  const workers = [];
  try {
    await admin.query(`CREATE TABLE "${schema}".raw_entries (LIKE "${schema}".entries INCLUDING ALL)`);
    await admin.query(`CREATE SEQUENCE "${schema}".raw_seq; ALTER TABLE "${schema}".raw_entries ALTER COLUMN seq SET DEFAULT nextval('"${schema}".raw_seq')`);
    for (let index = 0; index < WRITERS; index += 1) workers.push(await startWorker({ schema, index }));

    let single = 0;
    let journalTotal = 0;
    let rawTotal = 0;
    const allWriters = async (mode, ms = ROUND_MS) => sum(await Promise.all(workers.map((worker) => worker.run({ mode, ms }))));
    // Uncounted warm-up, so no measured round pays for connecting and compiling the code it runs.
    await allWriters('journal', WARM_UP_MS);
    await allWriters('raw', WARM_UP_MS);
    for (let pass = 0; pass < ROUNDS; pass += 1) {
      if (pass < 2) single += (await workers[0].run({ mode: 'journal', ms: ROUND_MS })).count;
      if (pass % 2 === 0) journalTotal += await allWriters('journal');
      rawTotal += await allWriters('raw');
      if (pass % 2 === 1) journalTotal += await allWriters('journal');
    }
    const report = await journal.verify();
    if (!report.ok) throw new Error(`the benchmark's journal does not verify: ${JSON.stringify(report)}`);

    const propagation = [];
    for (let trial = 0; trial < KILL_TRIALS; trial += 1) {
      await workers[1].run({ mode: 'await-kill' });
      const heard = workers[1].next();
      const { startedAt } = await workers[0].run({ mode: 'kill' });
      propagation.push((await heard).at - startedAt);
    }

    const appendsPerSec1 = single / ((2 * ROUND_MS) / 1000);
    const appendsPerSec8 = journalTotal / ((ROUNDS * ROUND_MS) / 1000);
    const rawInsertsPerSec = rawTotal / ((ROUNDS * ROUND_MS) / 1000);
    return {
      'journal.postgres.appendsPerSec1': Math.round(appendsPerSec1),
      'journal.postgres.appendsPerSec8': Math.round(appendsPerSec8),
      'journal.postgres.rawInsertsPerSec': Math.round(rawInsertsPerSec),
      'journal.postgres.appendsRatio8': round(appendsPerSec8 / rawInsertsPerSec),
      'killSwitch.postgres.propagationMsP95': round(percentile(propagation, 0.95), 1),
    };
  } finally {
    for (const worker of workers) worker.stop();
    await journal.close();
    await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await admin.end();
  }
}

const sum = (results) => results.reduce((total, result) => total + result.count, 0);

function percentile(values, fraction) {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)];
}

/** A writer process, driven by one JSON command a line on stdin and answering one JSON line each. */
async function startWorker(setup) {
  const child = spawn(process.execPath, [fileURLToPath(import.meta.url), '--worker', JSON.stringify(setup)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => waiting.shift()?.(JSON.parse(line)));
  const next = () => new Promise((resolve) => waiting.push(resolve));
  const send = (command) => child.stdin.write(`${JSON.stringify(command)}\n`);
  await next();
  return {
    next,
    run: (command) => {
      const answer = next();
      send(command);
      return answer;
    },
    stop: () => child.kill(),
  };
}

async function worker({ schema, index }) {
  const store = await createPostgresJournal({ connectionString: CONNECTION_STRING, schema, poolSize: 2 });
  const raw = new pg.Client({ connectionString: CONNECTION_STRING });
  await raw.connect();
  const insertRaw = `INSERT INTO "${schema}".raw_entries (id, at, type, session_id, agent_id, data, prev_hash, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`;
  let onKill = null;
  store.onControlEntry(() => onKill?.());
  const answer = (value) => process.stdout.write(`${JSON.stringify(value)}\n`);
  answer({ ready: true });
  for await (const line of createInterface({ input: process.stdin })) {
    const command = JSON.parse(line);
    if (command.mode === 'journal' || command.mode === 'raw') {
      let count = 0;
      const until = performance.now() + command.ms;
      while (performance.now() < until) {
        if (command.mode === 'journal') await store.append({ type: 'action.intent', sessionId: `bench-${index}`, agentId: `writer-${index}`, data: DATA });
        else await raw.query(insertRaw, [randomUUID(), new Date().toISOString(), 'action.intent', `bench-${index}`, `writer-${index}`, JSON.stringify(DATA), 'p'.repeat(64), 'h'.repeat(64)]);
        count += 1;
      }
      answer({ count });
    } else if (command.mode === 'await-kill') {
      onKill = () => {
        onKill = null;
        answer({ at: now() });
      };
      answer({ armed: true });
    } else if (command.mode === 'kill') {
      const startedAt = now();
      await store.append({ type: 'kill', data: { scope: { agentId: 'bench-nobody' }, reason: 'benchmark', by: 'bench' } });
      await new Promise((resolve) => setTimeout(resolve, 50));
      answer({ startedAt });
    }
  }
  await raw.end();
  await store.close();
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  if (process.argv[2] === '--worker') await worker(JSON.parse(process.argv[3]));
  else process.stdout.write(`${JSON.stringify(await run())}\n`);
}
