// A token GitHub echoes back in an error never leaves the process: not in the error the agent gets,
// its JSON, its printed form, the rollback report or the journal's bytes; and an adapter built from
// a ready client knows that client's token as a secret.
import { inspect } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, type Adapter, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SimulatorRequest } from '@backspace/testkit';
import { createGithubClient } from './client.js';
import { createGithubAdapter } from './github-adapter.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';

let simulator: GithubSimulator;
let runtime: Runtime;
let directory: string;
afterEach(async () => {
  await runtime?.journal.close().catch(() => undefined);
  await simulator?.close();
});

/** A 500 whose message repeats the token the request carried, as a careless proxy or API might. */
const echoingServerError = (request: SimulatorRequest) => ({ status: 500, body: { message: `Server Error for ${request.headers.authorization}` } });

async function start(makeAdapter: (simulator: GithubSimulator) => Adapter) {
  simulator = await createGithubSimulator();
  directory = mkdtempSync(join(tmpdir(), 'backspace-github-secrets-'));
  const adapter = makeAdapter(simulator);
  runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { ...simulator.seed, adapter };
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

describe('a token GitHub echoes back', () => {
  it('is scrubbed from the error a write fails with, its cause and the journal', async () => {
    const { owner, repo, tokens } = await start((simulator) => createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }));
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'server-error', respond: echoingServerError });

    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const error = await session.run('github.issue.create', { owner, repo, title: 'Flaky' }).catch((failure: unknown) => failure);
    expect(simulator.faults.fired()).toHaveLength(1);
    expect((error as Error).message).toContain('Server Error for token [redacted]');
    expect(everythingIn(error)).not.toContain(tokens.agent);
    expect(everythingIn((error as Error).cause)).not.toContain(tokens.agent);
    await session.end();
    expect(await journalBytes()).not.toContain(tokens.agent);
  });

  it('is scrubbed from a failed rollback step’s error and the report', async () => {
    const { owner, repo, tokens } = await start((simulator) => createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url }));
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.create', { owner, repo, title: 'Flaky' });
    await session.end();
    simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'server-error', respond: echoingServerError });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(1);
    expect(JSON.stringify(report)).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(tokens.agent);
    expect(await journalBytes()).not.toContain(tokens.agent);
  });
});

describe('an adapter built from a ready client', () => {
  it('holds the client’s token as a secret, so the journal never stores it', async () => {
    const saved = process.env.GITHUB_TOKEN;
    delete process.env.GITHUB_TOKEN;
    try {
      const { owner, repo, tokens, adapter } = await start((simulator) => createGithubAdapter({ client: createGithubClient(simulator.seed.tokens.agent, simulator.url) }));
      expect(adapter.secrets?.()).toContain(tokens.agent);
      simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'server-error', respond: echoingServerError });

      const session = await runtime.startSession({ agentId: 'triage-bot' });
      await session.run('github.issue.create', { owner, repo, title: `Seen with ${tokens.agent}` }).catch(() => undefined);
      await session.run('github.issue.create', { owner, repo, title: `Written with ${tokens.agent}` });
      await session.end();
      expect(await journalBytes()).not.toContain(tokens.agent);
    } finally {
      if (saved !== undefined) process.env.GITHUB_TOKEN = saved;
    }
  });
});
