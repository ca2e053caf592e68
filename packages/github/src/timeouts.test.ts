// A GitHub that stops answering cannot hold an agent: every request gives up after the adapter's
// `timeoutMs`, a timed-out write is an unknown outcome (it may still land) and a timed-out read a retry.
import { afterEach, describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, ProviderError, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from './github-adapter.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';

const DELAY_MS = 4_000;
let simulator: GithubSimulator;
let runtime: Runtime;
afterEach(async () => {
  await runtime?.journal.close();
  await simulator?.close();
});

async function start() {
  simulator = await createGithubSimulator();
  const adapter = createGithubAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, timeoutMs: 200 });
  // One attempt: the test looks at the first call's failure, not at the runtime's retries.
  runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [], retry: { maxAttempts: 1 } });
  return { ...simulator.seed, session: await runtime.startSession({ agentId: 'triage-bot' }) };
}

/** The error a settled promise rejected with, and how long it took to settle. */
async function failureOf(promise: Promise<unknown>): Promise<{ error: unknown; elapsedMs: number }> {
  const started = performance.now();
  const error = await promise.then(() => undefined, (failure: unknown) => failure);
  return { error, elapsedMs: performance.now() - started };
}

describe('a GitHub that does not answer', () => {
  it('times a write out: an unknown outcome, retryable, long before the answer would come', async () => {
    const { owner, repo, session } = await start();
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('github.issue.create', { owner, repo, title: 'Slow' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(BackspaceError.isInstance(error) && error.code).toBe('outcome_unknown');
    const cause = (error as Error).cause;
    expect(cause).toBeInstanceOf(ProviderError);
    expect(cause).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: true });
    const entries = await runtime.journal.sessionEntries(session.id);
    expect(entries.map((entry) => entry.type)).toContain('action.unknown');
  });

  it('times a read out: retryable, and nothing may have landed', async () => {
    const { owner, repo, issueNumber, session } = await start();
    // The issue's pre-state is one GraphQL query: a POST that reads, so its timeout hides no write.
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'delay', ms: DELAY_MS, clock: 'real' });

    const { error, elapsedMs } = await failureOf(session.run('github.issue.update', { owner, repo, issue_number: issueNumber, title: 'Renamed' }));
    expect(elapsedMs).toBeLessThan(DELAY_MS / 2);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ providerCode: 'timeout', isRetryable: true, outcomeUnknown: false });
    expect(simulator.inspect().issues.get(issueNumber)!.title).not.toBe('Renamed');
  });
});
