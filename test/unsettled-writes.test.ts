// Writes whose outcome the journal does not hold: an agent killed between intent and outcome, a lost
// answer whose lookup failed too, a read-back that failed after the write. None may escape the
// rollback. Checked through the GitHub simulator's own records.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator, type GithubSimulator } from '@backspace/github/simulator';
import { openJournalFile } from '@backspace/testkit';
import { spawnWorker } from './support/spawn-agent.js';
import { manualClock, tempJournalPath } from './support/rig.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
});

async function github() {
  const simulator = await createGithubSimulator();
  open.push(simulator);
  const { owner, repo, tokens } = simulator.seed;
  const path = tempJournalPath();
  const engine = () => {
    const journal = createSqliteJournal({ path });
    open.push(journal);
    return createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })], policy: [], retry: { baseDelayMs: 1 } });
  };
  return { simulator, owner, repo, tokens, path, engine };
}

const issuesTitled = (simulator: GithubSimulator, title: string) => [...simulator.inspect().issues.values()].filter((issue) => issue.title === title);
const types = async (runtime: ReturnType<Awaited<ReturnType<typeof github>>['engine']>, sessionId: string) =>
  (await runtime.journal.sessionEntries(sessionId)).map((entry) => entry.type);

describe('writes without an outcome in the journal', () => {
  it('finds and undoes an issue whose agent process was killed after the write reached GitHub', async () => {
    const { simulator, owner, repo, tokens, path, engine } = await github();
    // The third create waits at GitHub; the agent is killed while it waits; GitHub then opens the issue.
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', when: (request) => (request.body as { title?: string })?.title === 'issue 2', kind: 'delay', ms: 400 });
    const agent = spawnWorker('github-agent.mjs', [path, simulator.url, tokens.agent, owner, repo, '4']);
    const sessionId = (await agent.line('session')).split(' ')[1]!;
    await agent.line('created', 15_000);
    for (let waited = 0; simulator.faults.fired().length === 0 && waited < 5000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    agent.child.kill('SIGKILL');
    await new Promise((resolve) => agent.child.once('exit', resolve));
    for (let waited = 0; issuesTitled(simulator, 'issue 2').length === 0 && waited < 3000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(issuesTitled(simulator, 'issue 2')).toHaveLength(1);

    const operator = engine();
    // The crashed session never ended: the safe path is to end it, not to force.
    await expect(operator.planRollback(sessionId)).rejects.toThrow(/backspace end/);
    expect(await operator.endSession(sessionId, { by: 'ops@example.com', reason: 'agent process died' })).toBe(true);
    const plan = await operator.planRollback(sessionId);
    expect(plan.steps.map((step) => step.status)).toEqual(['undo', 'undo', 'undo']);
    expect(plan.unsettled).toEqual([]);
    const report = await operator.rollback(sessionId);
    expect(report.counts).toMatchObject({ undone: 3, failed: 0, conflicts: 0, unreachable: 0 });
    for (const title of ['issue 0', 'issue 1', 'issue 2']) expect(issuesTitled(simulator, title).map((issue) => issue.state)).toEqual(['closed']);
    expect(await types(operator, sessionId)).toContain('action.committed');
  });

  it('waits for a write a killed agent still had in flight before settling it, when the session is ended and rolled back at once', async () => {
    const { simulator, owner, repo, tokens, path } = await github();
    // The third create waits at GitHub; the agent is killed while it waits; an operator (or a supervisor)
    // ends the session and rolls it back at once; GitHub opens the issue only after that has begun.
    const held = 1_500;
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', when: (request) => (request.body as { title?: string })?.title === 'issue 2', kind: 'delay', ms: held });
    const agent = spawnWorker('github-agent.mjs', [path, simulator.url, tokens.agent, owner, repo, '4']);
    const sessionId = (await agent.line('session')).split(' ')[1]!;
    for (let waited = 0; simulator.faults.fired().length === 0 && waited < 15_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    agent.child.kill('SIGKILL');
    await new Promise((resolve) => agent.child.once('exit', resolve));
    const landed = new Promise((resolve) => setTimeout(resolve, held + 300));

    const journal = createSqliteJournal({ path });
    open.push(journal);
    const operator = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })], policy: [], retry: { baseDelayMs: 1 }, inFlightTimeoutMs: 3_000 });
    await operator.endSession(sessionId, { by: 'ops@example.com', reason: 'agent process died' });
    // Planning alone does not wait: the write is named as one that may still land, never recorded as failed.
    expect((await operator.planRollback(sessionId)).unsettled.join('\n')).toMatch(/github\.issue\.create.*not found at github yet, but sent \d+ s ago it may still land/);
    expect(await types(operator, sessionId)).not.toContain('action.failed');
    const waits: string[] = [];
    const report = await operator.rollback(sessionId, { onWaiting: (wait) => waits.push(wait.why) });
    await landed;
    // The rollback waited for the write, then found it landed and undid it.
    expect(waits).toHaveLength(1);
    expect(['issue 0', 'issue 1', 'issue 2'].map((title) => issuesTitled(simulator, title)[0]?.state)).toEqual(['closed', 'closed', 'closed']);
    expect(report.counts).toMatchObject({ undone: 3, failed: 0, conflicts: 0, unreachable: 0 });
  });

  /** An agent on a runtime of its own, whose create titled 'slow' waits a second and a half at GitHub. */
  async function agentWithSlowCreate(inFlightTimeoutMs: number) {
    const { simulator, owner, repo, tokens, path } = await github();
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', when: (request) => (request.body as { title?: string })?.title === 'slow', kind: 'delay', ms: 1_500 });
    const journal = createSqliteJournal({ path });
    open.push(journal);
    const adapter = createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url });
    const runtime = createRuntime({ journal, adapters: [adapter], policy: [], inFlightTimeoutMs });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.create', { owner, repo, title: 'fast' });
    const slow = session.run('github.issue.create', { owner, repo, title: 'slow' }).catch((error: unknown) => error);
    for (let waited = 0; simulator.faults.fired().length === 0 && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    const states = () => ['fast', 'slow'].map((title) => issuesTitled(simulator, title)[0]?.state);
    return { runtime, session, slow, states, journal, adapter };
  }

  it('a kill with rollback waits for a write the kill switch stopped in flight, and undoes it once it landed', async () => {
    // The kill switch stops the call at once, but its request is already at GitHub, which opens the
    // issue a moment later. Looked up at once, it could only be named and left for a later rollback
    // nobody runs (a supervisor's pause and rollback, an operator's kill at 3 a.m.): the issue stayed open.
    const { runtime, session, slow, states } = await agentWithSlowCreate(3_000);
    const { rolledBack } = await runtime.kill({ scope: { sessionId: session.id }, reason: 'wrong repository', by: 'ops@example.com', rollback: true });
    expect(String(await slow)).toMatch(/stopped in flight by the kill switch/);
    expect(rolledBack[0]!.counts).toMatchObject({ undone: 2, failed: 0, conflicts: 0, unreachable: 0 });
    expect(rolledBack[0]!.residue.join('\n')).not.toMatch(/may still land/);
    expect(states()).toEqual(['closed', 'closed']);
    expect(await types(runtime, session.id)).not.toContain('action.failed');
  });

  it('a rollback of a running session waits for a write in flight only until its call comes back', async () => {
    // The in-flight time is ten minutes: the rollback finishes (well within the test's time) only
    // because it sees the call come back instead of waiting that out.
    const { runtime, session, slow, states } = await agentWithSlowCreate(600_000);
    const report = await runtime.rollback(session.id, { force: true });
    expect(await slow).toMatchObject({ number: expect.any(Number) });
    expect(report.counts).toMatchObject({ undone: 2, failed: 0, conflicts: 0, unreachable: 0 });
    expect(states()).toEqual(['closed', 'closed']);
  }, 30_000);

  it('never waits longer than the in-flight time, even for an intent dated ahead of the clock', async () => {
    const { tokens, simulator, path } = await github();
    const journal = createSqliteJournal({ path });
    open.push(journal);
    const clock = manualClock(Date.now());
    let slept = 0;
    const counting = { now: clock.now, sleep: async (ms: number) => ((slept += ms), clock.sleep(ms)) };
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url })], policy: [], clock: counting, inFlightTimeoutMs: 60_000 });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    // An intent an hour ahead (a skewed clock, or an agent's own forged time): waited for as for a fresh one.
    await journal.append({ type: 'action.intent', sessionId: session.id, agentId: 'triage-bot', actionId: 'ahead-1', action: 'github.issue.create', idempotencyKey: `${session.id}:ahead`, at: new Date(clock.now() + 3_600_000).toISOString(), data: { input: { owner: 'octo-org', repo: 'widgets', title: 'Ahead' }, pre: null } });
    await runtime.endSession(session.id, { by: 'ops@example.com' });
    const waits: number[] = [];
    const report = await runtime.rollback(session.id, { onWaiting: (wait) => waits.push(wait.ms) });
    expect(waits).toEqual([60_000]);
    expect(slept).toBeLessThanOrEqual(60_000 + 10_000);
    expect(report.residue.join('\n')).toMatch(/github\.issue\.create.*may still land/);
  });

  it('records a lost answer whose lookup failed as unknown, never failed, and never writes it twice', async () => {
    const { simulator, owner, repo, engine } = await github();
    const runtime = engine();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues', kind: 'server-error', status: 503, times: 20 });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Flaky test' }, { idempotencyKey: 'call-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    expect(await types(runtime, session.id)).toEqual(['session.started', 'action.intent', 'action.unknown']);
    expect(issuesTitled(simulator, 'Flaky test')).toHaveLength(1);

    simulator.faults.clear();
    const again = await session.run('github.issue.create', { owner, repo, title: 'Flaky test' }, { idempotencyKey: 'call-1' });
    expect(issuesTitled(simulator, 'Flaky test').map((issue) => issue.number)).toEqual([again.number]);
    await session.end();
    await runtime.rollback(session.id);
    expect(issuesTitled(simulator, 'Flaky test').map((issue) => issue.state)).toEqual(['closed']);
  });

  it('reconciles an unknown outcome when planning, and names what it cannot look up as residue', async () => {
    const { simulator, owner, repo, engine } = await github();
    const runtime = engine();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues', kind: 'server-error', status: 503, times: 20 });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Lost answer' }, { idempotencyKey: 'call-7' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();

    // GitHub still cannot be searched: the write is named, with its key, never silently dropped.
    const blind = await runtime.planRollback(session.id);
    expect(blind.steps).toEqual([]);
    expect(blind.residue.join('\n')).toMatch(/github\.issue\.create .*key call-7.*looking it up at github failed/);

    simulator.faults.clear();
    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([['github.issue.create', 'undo']]);
    const report = await runtime.rollback(session.id);
    expect(report.counts.undone).toBe(1);
    expect(issuesTitled(simulator, 'Lost answer').map((issue) => issue.state)).toEqual(['closed']);
  });

  it('undoes a write settled late in its place in the session: an issue retitled twice, the first answer lost, gets its first title back', async () => {
    const { simulator, owner, repo, engine } = await github();
    const runtime = engine();
    const number = simulator.seed.issueNumber;
    const title = () => [...simulator.inspect().issues.values()].find((issue) => issue.number === number)!.title;
    const original = title();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'PATCH', path: '/repos/:owner/:repo/issues/:number', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues/:number', kind: 'server-error', status: 503, times: 20 });
    await expect(session.run('github.issue.update', { owner, repo, issue_number: number, title: 'Draft title' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await session.run('github.issue.update', { owner, repo, issue_number: number, title: 'Final title' });
    await session.end();

    // Settled at planning, after the second write: still older than it, so undone after it.
    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ failed: 0, conflicts: 0 });
    expect(title()).toBe(original);
  });

  it('never resends a write that timed out, and undoes it once it lands late', async () => {
    const { simulator, owner, repo, tokens, path } = await github();
    const journal = createSqliteJournal({ path });
    open.push(journal);
    const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: simulator.url, timeoutMs: 200 })], policy: [], retry: { baseDelayMs: 1 }, inFlightTimeoutMs: 3_000 });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'delay', ms: 1200 });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Slow answer' }, { idempotencyKey: 'slow-1' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    // Asked again at once: it may still land, so nothing is sent.
    await expect(session.run('github.issue.create', { owner, repo, title: 'Slow answer' }, { idempotencyKey: 'slow-1' })).rejects.toMatchObject({ code: 'outcome_unknown', isRetryable: true });
    const posts = () => simulator.log.entries().filter((entry) => entry.method === 'POST' && entry.path.endsWith('/issues')).length;
    await session.end();
    for (let waited = 0; issuesTitled(simulator, 'Slow answer').length === 0 && waited < 5000; waited += 50) await new Promise((resolve) => setTimeout(resolve, 50));
    // Past the delay of anything sent after the first: still one request, one issue.
    await new Promise((resolve) => setTimeout(resolve, 1300));
    expect(posts()).toBe(1);
    expect(issuesTitled(simulator, 'Slow answer')).toHaveLength(1);

    const report = await runtime.rollback(session.id);
    expect(report.counts.undone).toBe(1);
    expect(issuesTitled(simulator, 'Slow answer').map((issue) => issue.state)).toEqual(['closed']);
    expect(posts()).toBe(1);
  });

  it('records nothing when the journal does not verify: planning refuses before settling', async () => {
    const { simulator, owner, repo, engine, path } = await github();
    const runtime = engine();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues', kind: 'server-error', status: 503, times: 20 });
    await expect(session.run('github.issue.create', { owner, repo, title: 'Forged around' }, { idempotencyKey: 'call-3' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    const raw = openJournalFile(path);
    raw.exec("DROP TRIGGER entries_no_update; UPDATE entries SET agent_id = 'someone-else' WHERE seq = 1");
    raw.close();
    const before = (await runtime.journal.sessionEntries(session.id)).length;
    await expect(runtime.planRollback(session.id)).rejects.toMatchObject({ code: 'journal_tampered' });
    expect((await runtime.journal.sessionEntries(session.id)).length).toBe(before);
  });

  it('keeps a key to its session: a restarted agent reusing a crashed session\'s key writes its own issue, and each rollback undoes its own', async () => {
    const { simulator, owner, repo, engine } = await github();
    const crashed = engine();
    const first = await crashed.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: 'drop-after-commit' });
    simulator.faults.inject({ method: 'GET', path: '/repos/:owner/:repo/issues', kind: 'server-error', status: 503, times: 20 });
    await expect(first.run('github.issue.create', { owner, repo, title: 'Recovered' }, { idempotencyKey: 'tool-call-9' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();

    const restarted = engine();
    const second = await restarted.startSession({ agentId: 'triage-bot' });
    const again = await second.run('github.issue.create', { owner, repo, title: 'Recovered' }, { idempotencyKey: 'tool-call-9' });
    await second.end();
    // Another session's call with the same key is another call: never the first session's result.
    expect(issuesTitled(simulator, 'Recovered')).toHaveLength(2);
    const secondCommit = (await restarted.journal.sessionEntries(second.id)).find((entry) => entry.type === 'action.committed');
    expect(secondCommit?.data).toMatchObject({ result: { number: again.number } });

    expect(await restarted.endSession(first.id, { by: 'ops' })).toBe(true);
    await restarted.rollback(first.id);
    // The first session's lost write was found by its own key (not the second's issue) and closed.
    const firstCommit = (await restarted.journal.keyEntries('tool-call-9')).filter((entry) => entry.type === 'action.committed' && entry.sessionId === first.id);
    expect(firstCommit).toHaveLength(1);
    const firstNumber = (firstCommit[0]!.data as { result: { number: number } }).result.number;
    expect(firstNumber).not.toBe(again.number);
    expect(issuesTitled(simulator, 'Recovered').map((issue) => [issue.number, issue.state]).sort()).toEqual([[firstNumber, 'closed'], [again.number, 'open']].sort());
    await restarted.rollback(second.id);
    expect(issuesTitled(simulator, 'Recovered').map((issue) => issue.state)).toEqual(['closed', 'closed']);
  });

});
