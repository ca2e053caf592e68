// One rollback per session, whatever happens: two started at once (one process or two), and an engine
// killed mid-way and resumed at once by another. Read back through the GitHub simulator's own records:
// every agent issue ends closed, and no issue was closed twice.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type Runtime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { spawnWorker, type AgentProcess } from './support/spawn-agent.js';
import { tempJournalPath } from './support/rig.js';

const running: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of running.splice(0)) await item.close();
});

async function agentSession(issues: number) {
  const simulator = await createGithubSimulator();
  running.push(simulator);
  const { owner, repo, tokens } = simulator.seed;
  const path = tempJournalPath();
  const engine = (options: { inFlightTimeoutMs?: number } = {}) => {
    const journal = createSqliteJournal({ path });
    running.push(journal);
    return createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })], policy: [], ...options });
  };
  const runtime = engine();
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const numbers: number[] = [];
  for (let index = 0; index < issues; index += 1) {
    numbers.push(((await session.run('github.issue.create', { owner, repo, title: `duplicate ${index}` })) as { number: number }).number);
  }
  await session.end();
  // Every close waits a little at the provider, so rollbacks started together overlap.
  simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'delay', ms: 60, times: 1000 });
  const worker = (...mode: ['freeze-after-first'] | []): AgentProcess => spawnWorker('rollback-engine.mjs', [path, simulator.url, tokens.agent, session.id, ...mode]);
  return { simulator, runtime, engine, worker, sessionId: session.id, numbers };
}

/** How many times each issue was closed (a PATCH to it), read from the simulator's request log. */
function closesPerIssue(simulator: GithubSimulator, numbers: number[]): number[] {
  const patches = simulator.log.entries().filter((entry) => entry.method === 'PATCH' && entry.status === 200);
  return numbers.map((number) => patches.filter((entry) => entry.path.endsWith(`/issues/${number}`)).length);
}

function states(simulator: GithubSimulator, numbers: number[]): string[] {
  return numbers.map((number) => simulator.inspect().issues.get(number)!.state);
}

describe('one rollback per session', () => {
  it('refuses a second rollback of the same session started at once in the same process, with rollback_in_progress', async () => {
    const { simulator, runtime, engine, sessionId, numbers } = await agentSession(4);
    const other: Runtime = engine();
    const results = await Promise.allSettled([runtime.rollback(sessionId), runtime.rollback(sessionId), other.rollback(sessionId)]);
    const refused = results.filter((result) => result.status === 'rejected');
    expect(results.filter((result) => result.status === 'fulfilled')).toHaveLength(1);
    expect(refused.map((result) => (result as PromiseRejectedResult).reason.code)).toEqual(['rollback_in_progress', 'rollback_in_progress']);
    expect(states(simulator, numbers)).toEqual(['closed', 'closed', 'closed', 'closed']);
    expect(closesPerIssue(simulator, numbers)).toEqual([1, 1, 1, 1]);
  });

  it('lets only one of two processes sharing the SQLite file roll a session back at a time', async () => {
    const { simulator, worker, numbers } = await agentSession(6);
    const engines = [worker(), worker()];
    const ends = await Promise.all(engines.map((engine) => Promise.race([engine.line('report'), engine.line('error')])));
    // The one that lost the race was refused, or started after the winner finished and found nothing to undo.
    const refusedOrIdle = ends.filter((line) => line === 'error rollback_in_progress' || /"undone":0,/.test(line));
    expect(refusedOrIdle, ends.join(' | ')).toHaveLength(1);
    expect(states(simulator, numbers)).toEqual(Array(6).fill('closed'));
    expect(closesPerIssue(simulator, numbers)).toEqual(Array(6).fill(1));
  });

  it('takes over at once from an engine killed mid-way, and undoes each remaining step exactly once', async () => {
    const { simulator, runtime, worker, sessionId, numbers } = await agentSession(6);
    // Killed between two steps: it stops dead after its first (a request of its own still in flight when
    // it dies may land after the takeover read the issue; GitHub offers no key to make a close once).
    const dying = worker('freeze-after-first');
    await dying.line('finished');
    dying.child.kill('SIGKILL');
    await new Promise((resolve) => dying.child.once('exit', resolve));
    const closedByTheDead = states(simulator, numbers).filter((state) => state === 'closed').length;
    expect(closedByTheDead).toBeGreaterThan(0);
    expect(closedByTheDead).toBeLessThan(6);

    // No lease to wait out: the dead engine's process is gone, so its lock is.
    const report = await runtime.rollback(sessionId);
    expect(states(simulator, numbers)).toEqual(Array(6).fill('closed'));
    expect(closesPerIssue(simulator, numbers)).toEqual(Array(6).fill(1));
    expect(report.counts).toMatchObject({ failed: 0, conflicts: 0, unreachable: 0 });
    const committed = (await runtime.journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'compensation.committed');
    expect(new Set(committed.map((entry) => entry.actionId)).size).toBe(6);
    expect(committed).toHaveLength(6);
    // The dead engine never reported: what its steps left behind is told by the takeover's report.
    const closedBefore = numbers.filter((number) => report.steps.some((step) => step.status === 'already-undone' && step.resource.endsWith(`#${number}`)));
    expect(closedBefore.length).toBe(closedByTheDead);
    for (const number of numbers) expect(report.residue.filter((line) => line.startsWith(`issue #${number} in `))).toHaveLength(1);
  });

  it('waits for a close the killed engine still had in flight, and never sends it a second time', async () => {
    const { simulator, engine, worker, sessionId, numbers } = await agentSession(3);
    simulator.faults.clear();
    let arrived!: () => void;
    const atGithub = new Promise<void>((resolve) => (arrived = resolve));
    // The dying engine's first close is held at GitHub for a while: it is killed while it waits, and
    // GitHub closes the issue after the takeover has begun.
    const held = 1_500;
    simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'delay', ms: held, when: () => (arrived(), true) });
    const landed = atGithub.then(() => new Promise((resolve) => setTimeout(resolve, held + 200)));
    const dying = worker();
    await atGithub;
    dying.child.kill('SIGKILL');
    await new Promise((resolve) => dying.child.once('exit', resolve));

    const waits: number[] = [];
    const report = await engine({ inFlightTimeoutMs: 3_000 }).rollback(sessionId, { onWaiting: (wait) => waits.push(wait.ms) });
    await landed;
    expect(states(simulator, numbers)).toEqual(['closed', 'closed', 'closed']);
    expect(closesPerIssue(simulator, numbers)).toEqual([1, 1, 1]);
    expect(report.counts).toMatchObject({ failed: 0, conflicts: 0, unreachable: 0 });
    expect(waits).toHaveLength(1);
  });
});
