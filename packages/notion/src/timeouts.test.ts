// A Notion that stops answering cannot hold an agent: every request gives up after the adapter's
// `timeoutMs`, a timed-out write is an unknown outcome (it may still land) and a timed-out read a retry.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createNotionAdapter } from './notion-adapter.js';
import { createNotionSimulator, type NotionSimulator } from './simulator/index.js';
import { text } from './test-support.js';

const DELAY_MS = 4_000;
let simulator: NotionSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start() {
  simulator = await createNotionSimulator();
  const adapter = createNotionAdapter({ token: simulator.tokens.agent, baseUrl: simulator.url, timeoutMs: 1_000 });
  // A second for every request: reads under a loaded CI machine answer well within it, the delayed write never.
  // One attempt: the test looks at the first call's failure, not at the runtime's retries.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { session: await runtime.startSession({ agentId: 'docs-bot' }) };
}

/** The error a promise rejected with, and how long it took to settle. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

describe('a Notion that does not answer', () => {
  it('times a write out: an unknown outcome, retryable, long before the answer would come', async () => {
    const { session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/v1/pages', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('notion.page.create', { parent: { page_id: simulator.seed.parentPageId }, properties: { title: { title: text('Slow') } } }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(BackspaceError.isInstance(error) && error.code).toBe('outcome_unknown');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
    expect((await runtime.journal.sessionEntries(session.id)).map((entry) => entry.type)).toContain('action.unknown');
  });

  it('times a read out: retryable, and nothing may have landed', async () => {
    const { session } = await start();
    const rowId = simulator.seed.rowIds[0]!;
    const before = JSON.stringify(simulator.inspect().pages.get(rowId));
    simulator.faults.inject({ method: 'GET', path: '/v1/pages/{page_id}', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('notion.page.update', { page_id: rowId, properties: { Notes: { rich_text: text('late') } } }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: false });
    expect(JSON.stringify(simulator.inspect().pages.get(rowId))).toBe(before);
  });
});
