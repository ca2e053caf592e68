// An API key Linear echoes back in an error never leaves the process: not in the error the agent gets,
// its JSON, its printed form, the rollback report or the journal's bytes; and an adapter built from a
// ready LinearClient knows that client's key as a secret.
import { inspect } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LinearClient } from '@linear/sdk';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, type Adapter, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SimulatorRequest } from '@backspace/testkit';
import { createLinearAdapter } from './linear-adapter.js';
import { createLinearSimulator, type LinearSimulator } from './simulator/index.js';
import { mutation } from './test-support.js';

let simulator: LinearSimulator;
let runtime: Runtime;
let directory: string;
afterEach(async () => {
  await runtime?.journal.close().catch(() => undefined);
  await simulator?.close();
});

/** A 500 whose GraphQL error repeats the key the request carried, in its message and its code. */
const echoingServerError = (request: SimulatorRequest) => ({
  status: 500,
  body: { errors: [{ message: `Internal error for ${request.headers.authorization}`, extensions: { type: 'internal error', code: `INTERNAL_${request.headers.authorization}` } }] },
});

async function start(makeAdapter: (simulator: LinearSimulator) => Adapter) {
  simulator = await createLinearSimulator();
  directory = mkdtempSync(join(tmpdir(), 'backspace-linear-secrets-'));
  const adapter = makeAdapter(simulator);
  runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { teamId: simulator.seed.teamId, token: simulator.seed.tokens.agent, adapter };
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

const withToken = (simulator: LinearSimulator) => createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url });

describe('an API key Linear echoes back', () => {
  it('is scrubbed from the error a write fails with, its details and cause, and the journal', async () => {
    const { teamId, token } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueCreate'), kind: 'server-error', respond: echoingServerError });

    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const error = await session.run('linear.issue.create', { teamId, title: 'Flaky' }).catch((failure: unknown) => failure);
    expect(simulator.faults.fired()).toHaveLength(1);
    expect(everythingIn(error)).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(token);
    await session.end();
    expect(await journalBytes()).not.toContain(token);
  });

  it('is scrubbed from a failed rollback step’s error and the report', async () => {
    const { token } = await start(withToken);
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.comment.create', { issueId: simulator.seed.issues['ENG-1'], body: 'noted' });
    await session.end();
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('commentDelete'), kind: 'server-error', respond: echoingServerError });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(1);
    expect(JSON.stringify(report)).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(token);
    expect(await journalBytes()).not.toContain(token);
  });
});

describe('an adapter built from a ready LinearClient', () => {
  it('holds the client’s key as a secret, so neither errors nor the journal carry it', async () => {
    const saved = process.env.LINEAR_API_KEY;
    delete process.env.LINEAR_API_KEY;
    try {
      const { teamId, token, adapter } = await start((simulator) => createLinearAdapter({ client: new LinearClient({ apiKey: simulator.seed.tokens.agent, apiUrl: simulator.apiUrl }) }));
      expect(adapter.secrets?.()).toContain(token);
      simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueCreate'), kind: 'server-error', respond: echoingServerError });

      const session = await runtime.startSession({ agentId: 'triage-bot' });
      const error = await session.run('linear.issue.create', { teamId, title: `Seen with ${token}` }).catch((failure: unknown) => failure);
      expect(everythingIn(error)).not.toContain(token);
      await session.run('linear.issue.create', { teamId, title: `Written with ${token}` });
      await session.end();
      expect(await journalBytes()).not.toContain(token);
    } finally {
      if (saved !== undefined) process.env.LINEAR_API_KEY = saved;
    }
  });

  it('holds an OAuth access token as a secret too', async () => {
    simulator = await createLinearSimulator();
    const adapter = createLinearAdapter({ client: new LinearClient({ accessToken: 'lin_oauth_0123456789abcdef', apiUrl: simulator.apiUrl }) });
    expect(adapter.secrets?.()).toContain('lin_oauth_0123456789abcdef');
  });
});
