// A kill from another runtime on the same journal reaches a GitHub request in flight: the agent's call
// stops at once with `killed` instead of waiting for GitHub's answer, the journal says it may have
// landed, and the issue GitHub created after all is found by its key and closed by the rollback.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { compensationOperations, createRuntime, systemClock, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from './github-adapter.js';
import { createGithubSimulator, type GithubSimulator } from './simulator/index.js';

/** How long GitHub holds the create: far shorter than the adapter's timeout, so only the kill stops the call. */
const HELD_MS = 1_500;

let simulator: GithubSimulator | undefined;
const runtimes: Runtime[] = [];
let directory: string | undefined;
afterEach(async () => {
  for (const runtime of runtimes.splice(0)) await runtime.journal.close();
  await simulator?.close();
  if (directory) rmSync(directory, { recursive: true, force: true });
});

async function until(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 10) {
    if (waited > 10_000) throw new Error('the condition never held');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

it('a kill from another runtime stops an in-flight github.issue.create with `killed`; the rollback finds the issue by its key and closes it', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens } = simulator.seed;
  directory = mkdtempSync(join(tmpdir(), 'backspace-github-kill-'));
  const path = join(directory, 'journal.db');
  const onJournal = (settings: { killSwitchPollMs?: number; inFlightTimeoutMs?: number } = {}) => {
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator!.url })], policy: [], ...settings });
    runtimes.push(runtime);
    return runtime;
  };
  const agent = onJournal({ killSwitchPollMs: 50 });
  // The bound on a write in flight is how long GitHub holds it: the operator's rollback waits it out.
  const operator = onJournal({ inFlightTimeoutMs: HELD_MS });
  simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: HELD_MS, clock: 'real' });

  const session = await agent.startSession({ agentId: 'triage-bot' });
  const call = session.run('github.issue.create', { owner, repo, title: 'Flaky checkout test' }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  // The request is at GitHub, held there.
  await until(() => simulator!.faults.fired().length === 1);
  await operator.kill({ scope: { agentId: 'triage-bot' }, reason: 'runaway triage', by: 'ops' });

  const stopped = await call;
  expect(stopped).toMatchObject({ code: 'killed' });
  // Stopped by the caller, not timed out: not retried, and a write that may have landed.
  expect((stopped as Error).cause).toMatchObject({ providerCode: 'aborted', isRetryable: false, outcomeUnknown: true });
  const entries = await agent.journal.sessionEntries(session.id);
  expect(entries.at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });

  // GitHub applies the create once its delay is over: the write the kill stopped waiting for landed.
  await until(() => [...simulator!.inspect().issues.values()].some((issue) => issue.title === 'Flaky checkout test'));
  await operator.endSession(session.id, { by: 'ops', reason: 'the agent was killed' });
  const report = await operator.rollback(session.id);
  expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
  const created = [...simulator.inspect().issues.values()].filter((issue) => issue.title === 'Flaky checkout test');
  expect(created.map((issue) => [issue.state, issue.state_reason])).toEqual([['closed', 'not_planned']]);
}, 20_000);

it('an inverse declared beside its action stops at once when its run is stopped, as the action does', async () => {
  simulator = await createGithubSimulator();
  const { owner, repo, tokens, issueNumber } = simulator.seed;
  const adapter = createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url });
  simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'delay', ms: HELD_MS, clock: 'real' });
  const stop = new AbortController();
  const close = compensationOperations(adapter)['github.issue.close']!;
  const started = Date.now();
  const run = close.run({ owner, repo, issue_number: issueNumber }, { client: adapter.client, idempotencyKey: 'compensate:kill', clock: systemClock, signal: stop.signal }).then(
    () => 'answered',
    (error: unknown) => error,
  );
  await until(() => simulator!.faults.fired().length === 1);
  stop.abort(new Error('killed'));
  expect(await run).toMatchObject({ providerCode: 'aborted', outcomeUnknown: true });
  expect(Date.now() - started).toBeLessThan(HELD_MS);
}, 20_000);
