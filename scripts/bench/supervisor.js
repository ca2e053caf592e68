// The supervisor's figures.
// supervisor.detectToPauseMsP95 (SQLite) and supervisor.postgres.detectToPauseMsP95: an agent keeps
// working; one of its actions breaks a policy rule; from the moment that action's audit falls due
// (its commit time plus the audit delay) to the agent's next action failing with `killed`. Supervisor
// and agent run with their default polling (the agent's kill switch re-reads every 200 ms; on
// PostgreSQL the kill is also pushed, and the supervisor wakes its pg-boss workers when a job it queued
// falls due).
// supervisor.auditsPerSec1 / auditsPerSec4: committed actions audited per second on PostgreSQL (policy
// rules and a full sample through the rules evaluator, each audit journaled) by one supervisor with one
// pg-boss worker, then with four (each the median of three rounds, taken in turn);
// supervisor.auditsScaling4 is their ratio. Four workers share the machine's cores with PostgreSQL: the
// ratio cannot pass the cores divided by the CPU one worker's audits keep busy (the supervisor's process
// and every PostgreSQL process, measured over the one-worker rounds): supervisor.auditsScalingBound4
// (at most 4) is that ceiling on the machine the benchmark ran on, supervisor.cores its cores.
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { core, percentile, round, sqlite, tempPath, testkit } from './support.js';

const { createSupervisor, PgBossAuditQueue } = await import('../../packages/supervisor/dist/index.js');
const { createPostgresJournal } = await import('../../packages/journal-postgres/dist/index.js');
const pg = createRequire(new URL('../../packages/journal-postgres/package.json', import.meta.url))('pg');

// Linux's USER_HZ: /proc counts CPU time in hundredths of a second on every Linux this runs on.
const CLOCK_TICKS_PER_SECOND = 100;
const CONNECTION_STRING = process.env.BACKSPACE_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TRIALS = 8;
const AUDIT_DELAY_MS = 300;
const AUDITED_ACTIONS = 640;
const AUDIT_ROUNDS = 3;

const FORBIDDEN = 'leak the roadmap';
const policy = { rules: [{ kind: 'forbid-input', name: 'no-roadmap-leaks', action: 'notes.note.create', field: 'title', values: [FORBIDDEN] }], response: 'pause' };

const notesAdapter = () => testkit.createNotesAdapter({ service: new testkit.NotesService() });
const schemaName = (label) => `bench_supervisor_${label}_${process.pid}`;

/** An agent working until it is paused: a few actions, the forbidden one, then more until `killed`. */
async function trial(agentRuntime, agentId) {
  const session = await agentRuntime.startSession({ agentId });
  for (let index = 0; index < 3; index += 1) await session.run('notes.note.create', { title: `fine ${index}`, body: '', tags: [] });
  await session.run('notes.note.create', { title: FORBIDDEN, body: '', tags: [] });
  const committed = (await agentRuntime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').at(-1);
  const dueAt = Date.parse(committed.at) + AUDIT_DELAY_MS;
  for (let index = 0; ; index += 1) {
    try {
      await session.run('notes.note.create', { title: `after ${index}`, body: '', tags: [] });
    } catch (error) {
      if (error.code === 'killed') return Date.now() - dueAt;
      throw error;
    }
    // A brisk agent (20 actions a second), every action of which the supervisor audits too.
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function detectToPause(agentJournal, supervisorJournal, queue) {
  const agentRuntime = core.createRuntime({ journal: agentJournal, adapters: [notesAdapter()], policy: [] });
  const supervisorRuntime = core.createRuntime({ journal: supervisorJournal, adapters: [], policy: [] });
  const supervisor = createSupervisor({ runtime: supervisorRuntime, config: { auditDelayMs: AUDIT_DELAY_MS, triggers: { policy } }, ...(queue ? { queue } : {}) });
  await supervisor.start();
  const samples = [];
  try {
    for (let index = 0; index < TRIALS; index += 1) samples.push(await trial(agentRuntime, `agent-${index}`));
  } finally {
    await supervisor.stop();
  }
  return round(percentile(samples, 0.95), 1);
}

async function dropSchemas(...schemas) {
  const admin = new pg.Client({ connectionString: CONNECTION_STRING });
  await admin.connect();
  for (const schema of schemas) await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await admin.end();
}

/** Audits per second by one supervisor with `workers` pg-boss workers over a journal of committed actions. */
async function auditsPerSec(workers) {
  const journalSchema = schemaName(`audits${workers}`);
  const bossSchema = schemaName(`boss${workers}`);
  await dropSchemas(journalSchema, bossSchema);
  const journal = await createPostgresJournal({ connectionString: CONNECTION_STRING, schema: journalSchema });
  try {
    const agentRuntime = core.createRuntime({ journal, adapters: [notesAdapter()], policy: [] });
    const sessions = await Promise.all(Array.from({ length: 8 }, (_, index) => agentRuntime.startSession({ agentId: `writer-${index}` })));
    await Promise.all(sessions.map(async (session, index) => {
      for (let step = 0; step < AUDITED_ACTIONS / sessions.length; step += 1) await session.run('notes.note.create', { title: `note ${index}.${step}`, body: '', tags: [] });
    }));
    const queue = new PgBossAuditQueue({ connectionString: CONNECTION_STRING, schema: bossSchema, workers });
    const supervisor = createSupervisor({ runtime: core.createRuntime({ journal, adapters: [], policy: [] }), config: { auditDelayMs: 0, triggers: { policy, sampling: { rate: 1, rules: policy.rules } } }, queue });
    // pg-boss's schema is made before the clock starts: it is a one-time cost, not an audit's.
    await queue.start();
    const started = performance.now();
    const cpuBefore = cpuSeconds();
    await supervisor.start();
    // Watched through the supervisor's own count (a journal query every few ms would load the database
    // the audits run on); the journal is counted once at the end.
    while (supervisor.stats.audited < AUDITED_ACTIONS) await new Promise((resolve) => setTimeout(resolve, 5));
    const seconds = (performance.now() - started) / 1000;
    const busyCores = (cpuSeconds() - cpuBefore) / seconds;
    const journaled = (await journal.entriesOfType(['supervisor.audit'])).length;
    if (journaled !== AUDITED_ACTIONS) throw new Error(`${journaled} audits journaled for ${AUDITED_ACTIONS} actions`);
    await supervisor.stop();
    return { perSec: AUDITED_ACTIONS / seconds, busyCores };
  } finally {
    await journal.close();
    await dropSchemas(journalSchema, bossSchema);
  }
}

export async function run() {
  const path = tempPath('supervisor');
  const agentJournal = sqlite.createSqliteJournal({ path });
  const supervisorJournal = sqlite.createSqliteJournal({ path });
  const sqliteP95 = await detectToPause(agentJournal, supervisorJournal);
  await agentJournal.close();
  await supervisorJournal.close();

  const journalSchema = schemaName('detect');
  const bossSchema = schemaName('detectboss');
  await dropSchemas(journalSchema, bossSchema);
  const pgAgent = await createPostgresJournal({ connectionString: CONNECTION_STRING, schema: journalSchema });
  const pgSupervisor = await createPostgresJournal({ connectionString: CONNECTION_STRING, schema: journalSchema });
  let postgresP95;
  try {
    postgresP95 = await detectToPause(pgAgent, pgSupervisor, new PgBossAuditQueue({ connectionString: CONNECTION_STRING, schema: bossSchema }));
  } finally {
    await pgAgent.close();
    await pgSupervisor.close();
    await dropSchemas(journalSchema, bossSchema);
  }

  // Interleaved rounds, each figure their median: a burst of other work on a shared machine lands on
  // one round of one figure, not on the figure.
  const rounds = { 1: [], 4: [] };
  const busyCores1 = [];
  for (let index = 0; index < AUDIT_ROUNDS; index += 1) {
    for (const workers of [1, 4]) {
      const { perSec, busyCores } = await auditsPerSec(workers);
      rounds[workers].push(perSec);
      if (workers === 1) busyCores1.push(busyCores);
    }
  }
  const perSec1 = percentile(rounds[1], 0.5);
  const perSec4 = percentile(rounds[4], 0.5);
  const cores = availableParallelism();
  return {
    'supervisor.detectToPauseMsP95': sqliteP95,
    'supervisor.postgres.detectToPauseMsP95': postgresP95,
    'supervisor.auditsPerSec1': Math.round(perSec1),
    'supervisor.auditsPerSec4': Math.round(perSec4),
    'supervisor.auditsScaling4': round(perSec4 / perSec1, 2),
    'supervisor.auditsScalingBound4': round(Math.min(4, cores / percentile(busyCores1, 0.5)), 2),
    'supervisor.cores': cores,
    'supervisor.trials': TRIALS,
  };
}

/**
 * CPU seconds spent so far by this process (the supervisor and its pg-boss workers) and every
 * PostgreSQL process on the machine (Linux /proc; the benchmark's database is local).
 */
function cpuSeconds() {
  const own = process.cpuUsage();
  let ticks = 0;
  for (const pid of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const command = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!command.startsWith('postgres')) continue;
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime (fields 14 and 15 of stat, 12 and 13 after the command), in clock ticks.
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A process that ended between the listing and the read.
    }
  }
  return (own.user + own.system) / 1e6 + ticks / CLOCK_TICKS_PER_SECOND;
}
