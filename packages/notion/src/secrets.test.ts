// A token Notion echoes back in an error never leaves the process: not in the error the agent gets,
// its JSON, its printed form, the rollback report or the journal's bytes; and an adapter built from a
// ready Client holds that client's token as a secret (Notion's Client keeps it private, so the adapter
// asks for it alongside).
import { inspect } from 'node:util';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, type Adapter, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { SimulatorRequest } from '@backspace/testkit';
import { createNotionClient } from './notion-api.js';
import { createNotionAdapter } from './notion-adapter.js';
import { createNotionSimulator, type NotionSimulator } from './simulator/index.js';
import { text } from './test-support.js';

let simulator: NotionSimulator;
let runtime: Runtime;
let directory: string;
afterEach(async () => {
  await runtime?.journal.close().catch(() => undefined);
  await simulator?.close();
});

/** Notion's 500 with the token the request carried repeated in its message. */
const echoingServerError = (request: SimulatorRequest) => ({
  status: 500,
  body: { object: 'error', status: 500, code: 'internal_server_error', message: `Unexpected error for ${request.headers.authorization}`, request_id: 'echo-1' },
});

async function start(makeAdapter: (simulator: NotionSimulator) => Adapter) {
  simulator = await createNotionSimulator();
  directory = mkdtempSync(join(tmpdir(), 'backspace-notion-secrets-'));
  const adapter = makeAdapter(simulator);
  runtime = createRuntime({ journal: createSqliteJournal({ path: join(directory, 'journal.db') }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { parent: { page_id: simulator.seed.parentPageId }, token: simulator.tokens.agent, adapter };
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

const withToken = (simulator: NotionSimulator) => createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url });

describe('a token Notion echoes back', () => {
  it('is scrubbed from the error a write fails with, its cause and the journal', async () => {
    const { parent, token } = await start(withToken);
    simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'server-error', respond: echoingServerError });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    const error = await session.run('notion.page.create', { parent, properties: { title: { title: text('Plan') } } }).catch((failure: unknown) => failure);
    expect(simulator.faults.fired()).toHaveLength(1);
    expect(everythingIn(error)).toContain('[redacted]');
    expect(everythingIn(error)).not.toContain(token);
    await session.end();
    expect(await journalBytes()).not.toContain(token);
  });

  it('is scrubbed from a failed rollback step’s error and the report', async () => {
    const { parent, token } = await start(withToken);
    const session = await runtime.startSession({ agentId: 'docs-bot' });
    await session.run('notion.page.create', { parent, properties: { title: { title: text('Plan') } } });
    await session.end();
    simulator.faults.inject({ method: 'PATCH', path: '/v1/pages/{page_id}', kind: 'server-error', respond: echoingServerError });

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.failed).toBe(1);
    expect(JSON.stringify(report)).toContain('[redacted]');
    expect(JSON.stringify(report)).not.toContain(token);
    expect(await journalBytes()).not.toContain(token);
  });
});

describe('an adapter built from a ready Client', () => {
  it('holds the client’s token as a secret, so neither errors nor the journal carry it', async () => {
    const { parent, token, adapter } = await start((simulator) => createNotionAdapter({ client: createNotionClient(simulator.tokens.agent, simulator.url), token: simulator.tokens.agent }));
    expect(adapter.secrets?.()).toContain(token);
    simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'server-error', respond: echoingServerError });

    const session = await runtime.startSession({ agentId: 'docs-bot' });
    const error = await session.run('notion.page.create', { parent, properties: { title: { title: text(`Seen with ${token}`) } } }).catch((failure: unknown) => failure);
    expect(everythingIn(error)).not.toContain(token);
    await session.run('notion.page.create', { parent, properties: { title: { title: text(`Written with ${token}`) } } });
    await session.end();
    expect(await journalBytes()).not.toContain(token);
  });

  it('is refused without its token, which Notion’s Client keeps private, so nothing could be scrubbed', async () => {
    const saved = process.env.NOTION_TOKEN;
    process.env.NOTION_TOKEN = 'secret_from_the_environment';
    try {
      simulator = await createNotionSimulator();
      const client = createNotionClient(simulator.tokens.agent, simulator.url);
      expect(() => createNotionAdapter({ client })).toThrow(expect.objectContaining({ code: 'invalid_config' }));
    } finally {
      if (saved === undefined) delete process.env.NOTION_TOKEN;
      else process.env.NOTION_TOKEN = saved;
    }
  });
});
