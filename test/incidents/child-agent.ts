// Session A in its own process (test/workers/incident-agent.mjs, on the built dist), killed at a random
// point: after some of its actions, or while a write is held at the provider so it lands after the
// process died (between the intent and the outcome in the journal).
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnWorker } from '../support/spawn-agent.js';
import type { Keyring, WriterIdentity } from '@backspace/core';
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

export async function runKilledAgent(environment: IncidentEnvironment, rng: Rng, journalPath: string, actions: PlannedAction[], signed?: { writer: WriterIdentity; keyring: Keyring }): Promise<KilledAgent> {
  const file = join(mkdtempSync(join(tmpdir(), 'backspace-incident-')), 'actions.json');
  // The agent's key travels in the file, never on the command line.
  writeFileSync(file, JSON.stringify({ operations: actions, ...signed }));
  const agent = spawnWorker('incident-agent.mjs', [journalPath, environment.provider, environment.url, environment.agentToken, file]);
  const exited = new Promise((resolve) => agent.child.once('exit', resolve));
  try {
    const sessionId = (await agent.line('session ', 20_000)).split(' ')[1]!;
    const finished = rng.int(actions.length + 1);
    if (finished > 0) await agent.line(`done ${finished - 1} `, 20_000);
    const holdWrite = finished < actions.length && rng.chance(0.6);
    if (holdWrite) {
      // The next write waits at the provider; the agent dies while it waits; then the provider applies it.
      environment.faults.inject({ kind: 'delay', ms: HELD_MS, times: 1, when: (request) => request.user?.token === environment.agentToken && environment.isWrite(request) });
      for (let waited = 0; environment.faults.fired().length === 0 && waited < 5_000; waited += 5) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    agent.child.kill('SIGKILL');
    await exited;
    if (holdWrite) await new Promise((resolve) => setTimeout(resolve, HELD_MS + 100));
    environment.faults.clear();
    return { sessionId, story: `killed after ${finished} of ${actions.length} action(s)${holdWrite ? ', a write held in flight' : ''}` };
  } finally {
    agent.child.kill('SIGKILL');
  }
}
