// A rollback engine in its own process for the incident fuzzer (test/incidents): rolls one session of a
// shared journal (a SQLite file, or a PostgreSQL schema: open-journal.mjs) back against one provider's
// API (its simulator), one step at a time, printing each finished step. The test kills it at a random
// point, between steps or while a compensation is held at the provider, and another engine takes over.
import { readFileSync } from 'node:fs';
import { createRuntime } from '../../packages/core/dist/index.js';
import { openJournal } from './open-journal.mjs';
import { adapterFactory } from './provider-adapters.mjs';

const [path, provider, baseUrl, token, specFile] = process.argv.slice(2);
// The session, where the journal is signed, the operator's key and the keyring, and how far the run's
// clock has skipped ahead of real time.
const { sessionId, writer, keyring, skippedMs = 0 } = JSON.parse(readFileSync(specFile, 'utf8'));
const createAdapter = await adapterFactory(provider);
const signed = writer ? { writer, keyring } : {};
// The run's clock (test/incidents/clock.ts), carried on: sleeping (a wait for writes in flight, a
// backoff) skips ahead at once, so the engine waits no real minute before it is killed.
let skipped = skippedMs;
const clock = {
  now: () => Date.now() + skipped,
  sleep: async (ms) => {
    skipped += Math.max(0, ms);
    await new Promise((resolve) => setImmediate(resolve));
  },
};
const runtime = createRuntime({ journal: await openJournal(path), adapters: [createAdapter({ token, baseUrl })], policy: [], clock, retry: { baseDelayMs: 10, maxAttempts: 3 }, ...signed });
process.stdout.write('started\n');
let finished = 0;
try {
  const report = await runtime.rollback(sessionId, {
    concurrency: 1,
    onProgress: (event) => {
      if (event.phase === 'finished') process.stdout.write(`finished ${finished++} ${event.outcome}\n`);
    },
  });
  process.stdout.write(`report ${JSON.stringify(report.counts)}\n`);
} catch (error) {
  process.stdout.write(`error ${error.code ?? error.message}\n`);
}
process.exit(0);
