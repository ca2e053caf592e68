// A token Asana echoes back in an error never leaves the process: not in the error the agent gets,
// its JSON (Asana's messages are in its details), its printed form, the rollback report or the
// journal's bytes; and an adapter built from a ready client holds that client's token as a secret.
import { inspect } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, type Adapter, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SimulatorRequest } from '@backspace/testkit';
import { createAsanaAdapter } from './adapter.js';
import { AsanaClient } from './client.js';
import { createAsanaSimulator, type AsanaSimulator } from './simulator/create-simulator.js';

let simulator: AsanaSimulator;
let runtime: Runtime;
let directory: string;
afterEach(async () => {
  await runtime?.journal.close().catch(() => undefined);
  await simulator?.close();
});

/** Asana's 500 with the token the request carried repeated in its error message. */
const echoingServerError = (request: SimulatorRequest) => ({
  status: 500,
  body: { errors: [{ message: `Server error for ${request.headers.authorization}`, phrase: 'echo' }] },
});

async function start(makeAdapter: (simulator: AsanaSimulator) => Adapter) {
  simulator = await createAsanaSimulator({ requestsPerMinute: false });
  directory = mkdtempSync(join(tmpdir(), 'backspace-asana-secrets-'));
  const adapter = makeAdapter(simulator);
  runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { projects: [simulator.seed.projectGid], token: simulator.tokens.agent, adapter };
}

/** Every byte the journal left on disk (the database and any write-ahead log), read once it is closed. */
async function journalBytes(): Promise<string> {
  await runtime.journal.close();
  return readdirSync(directory).map((file) => readFileSync(join(directory, file)).toString('latin1')).join('');
}

/** Everything a caller could print or send on of an error: its JSON, and as Node prints it (message, stack, details, causes). */
function everythingIn(error: unknown): string {
  const json = BackspaceError.isInstance(error) ? JSON.stringify(error.toJSON()) : '';
  return `${json}\n${inspect(error, { depth: 10 })}`;
}

const withToken = (simulator: AsanaSimulator) => createAsanaAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });

describe('a token Asana echoes back', () => {
  it('is scrubbed from the error a write fails with, its details and cause, and the journal', async () => {
    const { projects, token } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'server-error', respond: echoingServerError });

    const session = await runtime.startSession({ agentId: 'planner' });
    const error = await session.run('asana.task.create', { name: 'Plan', projects }).catch((failure: unknown) => failure);
    expect(simulator.faults.fired()).toHaveLength(1);
    expect(everythingIn(error)).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(token);
    expect(everythingIn((error as Error).cause)).not.toContain(token);
    await session.end();
    expect(await journalBytes()).not.toContain(token);
  });

  it('is scrubbed from a failed rollback step’s error and the report', async () => {
    const { projects, token } = await start(withToken);
    const session = await runtime.startSession({ agentId: 'planner' });
    await session.run('asana.task.create', { name: 'Plan', projects });
    await session.end();
    simulator.faults.inject({ method: 'DELETE', path: '/api/1.0/tasks/:task_gid', kind: 'server-error', respond: echoingServerError });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(1);
    expect(JSON.stringify(report)).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(token);
    expect(await journalBytes()).not.toContain(token);
  });
});

describe('an adapter built from a ready client', () => {
  it('holds the client’s token as a secret, so neither errors nor the journal carry it', async () => {
    const saved = process.env.ASANA_TOKEN;
    delete process.env.ASANA_TOKEN;
    try {
      const { projects, token, adapter } = await start((simulator) => createAsanaAdapter({ client: new AsanaClient({ token: simulator.tokens.agent, basePath: simulator.basePath }) }));
      expect(adapter.secrets?.()).toContain(token);
      simulator.faults.inject({ method: 'POST', path: '/api/1.0/tasks', kind: 'server-error', respond: echoingServerError });

      const session = await runtime.startSession({ agentId: 'planner' });
      const error = await session.run('asana.task.create', { name: `Seen with ${token}`, projects }).catch((failure: unknown) => failure);
      expect(everythingIn(error)).not.toContain(token);
      await session.run('asana.task.create', { name: `Written with ${token}`, projects });
      await session.end();
      expect(await journalBytes()).not.toContain(token);
    } finally {
      if (saved !== undefined) process.env.ASANA_TOKEN = saved;
    }
  });
});
