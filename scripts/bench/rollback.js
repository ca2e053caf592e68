// A 1,000-action session over four providers (notes services with their own write rate limits and a
// round-trip latency, on a clock running 5x fast). Compares the engine's makespan with the bound the
// rate limits force, and with a plain reverse loop (what a hand-written saga does).
import { core, round, sqlite, tempPath, testkit } from './support.js';

const PROVIDERS = ['notesa', 'notesb', 'notesc', 'notesd'];
const PER_PROVIDER = 250;
const WRITES_PER_SECOND = 20;
const LATENCY_MS = 25;

async function agentSession(clock) {
  const services = PROVIDERS.map(() => new testkit.NotesService({ clock }));
  const adapters = PROVIDERS.map((provider, index) => testkit.createNotesAdapter({ service: services[index], provider }));
  const runtime = core.createRuntime({ journal: sqlite.createSqliteJournal({ path: tempPath('rollback'), synchronous: 'NORMAL' }), adapters, policy: [], clock });
  const session = await runtime.startSession({ agentId: 'bench' });
  for (let index = 0; index < PER_PROVIDER; index += 1) {
    await Promise.all(PROVIDERS.map((provider) => session.run(`${provider}.note.create`, { title: `${provider} ${index}` })));
  }
  await session.end();
  for (const service of services) {
    service.writesPerSecond = WRITES_PER_SECOND;
    service.latencyMs = LATENCY_MS;
    service.stats.rateLimited = 0;
  }
  return { runtime, session, services, adapters };
}

export async function run() {
  const clock = core.scaledClock(5);

  const engine = await agentSession(clock);
  let started = clock.now();
  const report = await engine.runtime.rollback(engine.session.id, { concurrency: 8, readConcurrency: 100 });
  const makespanS = (clock.now() - started) / 1000;
  const remaining = engine.services.reduce((sum, service) => sum + service.inspect().length, 0);

  const saga = await agentSession(clock);
  const committed = (await saga.runtime.journal.sessionEntries(saga.session.id)).filter((entry) => entry.type === 'action.committed').reverse();
  const limiters = new Map(saga.adapters.map((adapter) => [adapter.provider, new core.RateLimiter(clock, adapter.rateLimit)]));
  started = clock.now();
  for (const entry of committed) {
    const { compensation } = entry.data;
    const adapter = saga.adapters.find((candidate) => candidate.provider === compensation.resource.provider);
    await limiters.get(adapter.provider).acquire();
    await adapter.compensations[compensation.operation].run(compensation.input, { client: adapter.client, idempotencyKey: entry.actionId, clock });
    await adapter.read(compensation.resource);
  }
  const sequentialS = (clock.now() - started) / 1000;

  const lowerBoundS = Math.max(...PROVIDERS.map(() => PER_PROVIDER / WRITES_PER_SECOND));
  return {
    'rollback.actions': PROVIDERS.length * PER_PROVIDER,
    'rollback.lowerBoundS': round(lowerBoundS),
    'rollback.makespanS': round(makespanS),
    'rollback.ratioToLowerBound': round(makespanS / lowerBoundS),
    'rollback.sequentialS': round(sequentialS),
    'rollback.speedupVsSequential': round(sequentialS / makespanS),
    'rollback.failedCompensations': report.byOutcome.failed + (remaining > 0 ? remaining : 0),
    'rollback.rateLimitViolations': engine.services.reduce((sum, service) => sum + service.stats.rateLimited, 0),
  };
}
