// A child process that appends to a journal store, printing each acknowledged seq on its own line.
// Used by the journal conformance suite to test concurrent appenders and writers killed mid-way.
import { pathToFileURL } from 'node:url';

const { module, factory, options, sessionId, count } = JSON.parse(process.argv[2]);
const imported = await import(pathToFileURL(module).href);
const store = await imported[factory](options);
for (let index = 0; index < count; index += 1) {
  const entry = await store.append({ type: 'action.intent', sessionId, agentId: `worker-${process.pid}`, data: { index } });
  process.stdout.write(`${entry.seq}\n`);
}
await store.close();
