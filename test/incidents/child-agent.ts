// Session A in its own process (test/workers/incident-agent.mjs, on the built dist), killed at a random
// point: after some of its actions, or while a write is held at the provider so it lands after the
// process died (between the intent and the outcome in the journal). And a rollback engine in its own
// process (test/workers/incident-rollback.mjs), killed the same ways mid-rollback, for another to take over.
// Both are given the run's journal as its location (journal.ts): a SQLite file's path, or a postgres://
// URL naming the run's schema.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWorker, type AgentProcess } from '../support/spawn-agent.js';
import type { Clock, Keyring, WriterIdentity } from '@backspace/core';
import type { IncidentEnvironment } from './providers/types.js';
import type { Rng } from './rng.js';

export interface PlannedAction {
  action: string;
  input: unknown;
  key: string;
}

export interface KilledAgent {
  sessionId: string;
  /** What happened, for the trace. */
  story: string;
}

const HELD_MS = 400;

export async function runKilledAgent(environment: IncidentEnvironment, rng: Rng, journal: string, actions: PlannedAction[], signed?: { writer: WriterIdentity; keyring: Keyring }): Promise<KilledAgent> {
  const file = join(mkdtempSync(join(tmpdir(), 'backspace-incident-')), 'actions.json');
  // The agent's key travels in the file, never on the command line.
  writeFileSync(file, JSON.stringify({ operations: actions, ...signed }));
  const agent = spawnWorker('incident-agent.mjs', [journal, environment.provider, environment.url, environment.agentToken, file]);
  const exited = new Promise((resolve) => agent.child.once('exit', resolve));
  try {
    const sessionId = (await agent.line('session ', 20_000)).split(' ')[1]!;
    const finished = rng.int(actions.length + 1);
    if (finished > 0) await agent.line(`done ${finished - 1} `, 20_000);
    const held = await killHoldingAWrite(environment, agent, exited, finished < actions.length && rng.chance(0.6));
    return { sessionId, story: `killed after ${finished} of ${actions.length} action(s)${held ? ', a write held in flight' : ''}` };
  } finally {
    agent.child.kill('SIGKILL');
  }
}

/**
 * The first rollback of `sessionId` in its own process (one step at a time), killed after a random
 * number of finished steps, often while a compensation's write is held at the provider so it lands
 * after the engine died. Says what happened, for the trace.
 */
export async function runKilledRollback(environment: IncidentEnvironment, rng: Rng, journal: string, sessionId: string, clock: Clock, signed?: { writer: WriterIdentity; keyring: Keyring }): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'backspace-incident-')), 'rollback.json');
  writeFileSync(file, JSON.stringify({ sessionId, ...signed, skippedMs: clock.now() - Date.now() }));
  const engine = spawnWorker('incident-rollback.mjs', [journal, environment.provider, environment.url, environment.agentToken, file]);
  const exited = new Promise((resolve) => engine.child.once('exit', resolve));
  try {
    await engine.line('started', 20_000);
    const steps = rng.int(3);
    const ended = Promise.race([engine.line('report', 60_000), engine.line('error', 60_000)]).then((line) => line);
    const reached = await Promise.race([steps > 0 ? engine.line(`finished ${steps - 1} `, 60_000).then(() => null) : Promise.resolve(null), ended]);
    if (reached !== null) {
      await exited;
      return `a rollback engine in a child process ended before it could be killed (${reached})`;
    }
    const held = await killHoldingAWrite(environment, engine, exited, rng.chance(0.6));
    return `a rollback engine in a child process killed after ${steps} finished step(s)${held ? ', a compensation held in flight' : ''}`;
  } finally {
    engine.child.kill('SIGKILL');
  }
}

/**
 * Kills the worker; with `hold`, first holds its next write at the provider, kills it while it waits,
 * and gives the provider time to apply it. Whether a write was held.
 */
async function killHoldingAWrite(environment: IncidentEnvironment, worker: AgentProcess, exited: Promise<unknown>, hold: boolean): Promise<boolean> {
  if (hold) {
    // The next write waits at the provider; the worker dies while it waits; then the provider applies it.
    environment.faults.inject({ kind: 'delay', ms: HELD_MS, times: 1, when: (request) => request.user?.token === environment.agentToken && environment.isWrite(request) });
    for (let waited = 0; environment.faults.fired().length === 0 && waited < 5_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
  }
  worker.child.kill('SIGKILL');
  await exited;
  const held = hold && environment.faults.fired().length > 0;
  if (held) await new Promise((resolve) => setTimeout(resolve, HELD_MS + 100));
  environment.faults.clear();
  return held;
}
