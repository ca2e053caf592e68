import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { CONTROL_APPLICATION_NAME } from './control-channel.js';
import { TEST_DATABASE_URL, builtPackage, closeTestJournals, freshSchema, openTestJournal, postgresAvailable, withDirectConnection } from './test-support/postgres-server.js';

const available = await postgresAvailable();
const workerPath = fileURLToPath(new URL('./test-support/control-worker.mjs', import.meta.url));
const children: ChildProcess[] = [];

/** A child process running the built store; resolves on its first output line (`ready` or `appended`). */
function startChild(schema: string, role: 'listen' | 'kill', onLine: (line: string) => void = () => undefined): Promise<ChildProcess> {
  const child = spawn(process.execPath, [workerPath, JSON.stringify({ module: builtPackage(), options: { connectionString: TEST_DATABASE_URL, schema }, role })], { stdio: ['pipe', 'pipe', 'pipe'] });
  children.push(child);
  let errors = '';
  child.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n').filter(Boolean)) {
        onLine(line);
        resolve(child);
      }
    });
    child.on('exit', (code) => reject(new Error(`control worker exited with ${code}: ${errors}`)));
  });
}

/** Resolves when `predicate` holds, failing after `withinMs`. */
async function eventually(predicate: () => boolean, withinMs: number): Promise<void> {
  const deadline = performance.now() + withinMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`not within ${withinMs} ms`);
    await sleep(5);
  }
}

describe.skipIf(!available)('PostgreSQL journal kill switch through LISTEN/NOTIFY', () => {
  afterEach(() => {
    for (const child of children.splice(0)) child.kill();
  });
  afterAll(closeTestJournals);

  it('tells every connected process within a second when any process appends a kill', async () => {
    const schema = freshSchema();
    const store = await openTestJournal(schema);
    let heardHere = 0;
    store.onControlEntry(() => (heardHere += 1));
    const heardThere = [0, 0];
    await Promise.all(heardThere.map((_, index) => startChild(schema, 'listen', (line) => line === 'heard' && (heardThere[index]! += 1))));

    // From this process to the two listening processes and to this store's own listener.
    await store.append({ type: 'kill', data: { scope: 'all' } });
    await eventually(() => heardThere.every((count) => count === 1) && heardHere === 1, 1000);

    // From another process to this one.
    await startChild(schema, 'kill');
    await eventually(() => heardHere === 2 && heardThere.every((count) => count === 2), 1000);
  });

  it('stays quiet for other entries, hears resume, and stops after unsubscribing', async () => {
    const store = await openTestJournal();
    let heard = 0;
    const unsubscribe = store.onControlEntry(() => (heard += 1));
    await store.append({ type: 'action.intent', sessionId: 's', data: {} });
    await store.append({ type: 'approval.granted', sessionId: 's', data: {} });
    await sleep(200);
    expect(heard).toBe(0);
    await store.append({ type: 'resume', data: { scope: 'all' } });
    await eventually(() => heard === 1, 1000);
    unsubscribe();
    await store.append({ type: 'kill', data: { scope: 'all' } });
    await sleep(200);
    expect(heard).toBe(1);
  });

  it('reconnects after losing its listening connection and tells listeners to look again', async () => {
    const schema = freshSchema();
    const store = await openTestJournal(schema);
    let heard = 0;
    store.onControlEntry(() => (heard += 1));
    const terminated = await withDirectConnection((client) =>
      client.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1 AND query = $2`, [CONTROL_APPLICATION_NAME, `LISTEN "${schema}_control"`]),
    );
    expect(terminated.rowCount).toBe(1);
    await eventually(() => heard === 1, 3000);
    await store.append({ type: 'kill', data: { scope: 'all' } });
    await eventually(() => heard === 2, 1000);
  });
});
