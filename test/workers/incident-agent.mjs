// An agent in its own process for the incident fuzzer (test/incidents): one session on a shared journal
// (a SQLite file, or a PostgreSQL schema: open-journal.mjs) running the given actions against one
// provider's API (its simulator), printing each outcome.
// The test kills it at a random point, between actions or while a write is in flight.
import { readFileSync } from 'node:fs';
import { createRuntime } from '../../packages/core/dist/index.js';
import { openJournal } from './open-journal.mjs';
import { adapterFactory } from './provider-adapters.mjs';

const [path, provider, baseUrl, token, opsFile] = process.argv.slice(2);
const createAdapter = await adapterFactory(provider);
// The actions to run, and where the journal is signed, the agent's key and the keyring.
const { operations, writer, keyring } = JSON.parse(readFileSync(opsFile, 'utf8'));
const signed = writer ? { writer, keyring } : {};
const runtime = createRuntime({ journal: await openJournal(path), adapters: [createAdapter({ token, baseUrl })], policy: [], retry: { baseDelayMs: 10, maxAttempts: 3 }, ...signed });
const session = await runtime.startSession({ agentId: 'incident-agent-a', reason: 'incident fuzzer' });
process.stdout.write(`session ${session.id}\n`);
for (const [index, operation] of operations.entries()) {
  try {
    await session.run(operation.action, operation.input, { idempotencyKey: operation.key });
    process.stdout.write(`done ${index} ok\n`);
  } catch (error) {
    process.stdout.write(`done ${index} ${error.code ?? 'error'}\n`);
  }
}
await session.end();
process.stdout.write('ended\n');
process.exit(0);
