// A person who closes again the issue the agent closed (reopens it, then closes it), or gives it back the
// agent's title or label, made that choice: the rollback keeps it, told from the agent by the issue's
// events, and still undoes what the agent changed that nobody touched. Read back from the simulator's
// own state; the time between the agent's write and the person's moves on the simulator's clock, as it
// does between people's clicks (GitHub's `updated_at` counts whole seconds).
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import { SEED_ISSUE } from './simulator/github-simulator.js';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>> | undefined;
afterEach(async () => environment?.close());

async function setup() {
  const clock = createManualClock(Date.UTC(2026, 11, 3, 9));
  environment = await startGithubRuntime({ clock });
  return { ...environment, clock };
}

const eventReads = (entries: { method: string; path: string }[]) => entries.filter((entry) => entry.method === 'GET' && /\/issues\/\d+\/events$/.test(entry.path));

describe("github: a person's choice of the agent's own value", () => {
  it('keeps the issue closed when a person reopened and closed it again, and restores the title nobody touched', async () => {
    const { runtime, simulator, human, owner, repo, clock } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, state: 'closed', title: 'Duplicate of #7' });
    await session.end();
    clock.advance(5_000);
    await human.rest.issues.update({ owner, repo, issue_number: 1, state: 'open' });
    clock.advance(5_000);
    await human.rest.issues.update({ owner, repo, issue_number: 1, state: 'closed' });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'partial', restoreFields: ['title'], reason: expect.stringContaining(`state (set again by ${simulator.seed.logins.human})`) });
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(simulator.inspect().issues.get(1)).toMatchObject({ state: 'closed', title: SEED_ISSUE.title, closed_by: { login: simulator.seed.logins.human } });
  });

  it("keeps a label a person took off and put back, and takes off the agent's label nobody touched", async () => {
    const { runtime, simulator, human, owner, repo, clock } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, labels: ['bug', 'documentation', 'triaged'] });
    await session.end();
    clock.advance(5_000);
    await human.rest.issues.removeLabel({ owner, repo, issue_number: 1, name: 'documentation' });
    clock.advance(5_000);
    await human.rest.issues.addLabels({ owner, repo, issue_number: 1, labels: ['documentation'] });

    await runtime.rollback(session.id);

    expect([...simulator.inspect().issues.get(1)!.labels].sort()).toEqual(['bug', 'documentation']);
  });

  it('reads no events for an issue nobody touched since the agent, and undoes it all', async () => {
    const { runtime, simulator, owner, repo, clock } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, state: 'closed', title: 'Duplicate of #7' });
    await session.end();
    clock.advance(5_000);

    simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, conflict: 0, failed: 0 });
    expect(eventReads(simulator.log.entries())).toEqual([]);
    expect(simulator.inspect().issues.get(1)).toMatchObject({ state: 'open', title: SEED_ISSUE.title });
  });

  it('keeps the fields when the events cannot be read, as a conflict the operator sees, never a silent revert', async () => {
    const { runtime, simulator, human, owner, repo, clock } = await setup();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: 1, state: 'closed' });
    await session.end();
    clock.advance(5_000);
    await human.rest.issues.update({ owner, repo, issue_number: 1, state: 'open' });
    await human.rest.issues.update({ owner, repo, issue_number: 1, state: 'closed' });
    simulator.faults.inject({ method: 'GET', path: `/repos/${owner}/${repo}/issues/1/events`, kind: 'server-error', status: 502, times: 10 });

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'conflict', reason: expect.stringContaining('its history could not be read') });
    expect(report.counts.conflicts).toBe(1);
    expect(simulator.inspect().issues.get(1)!.state).toBe('closed');
  });
});
