// The agent closing and reopening an issue in one session (or reopening and closing it) is the agent's
// own doing: rolled back with nobody else touching the issue, it ends as it was before the session, with
// no conflict. GitHub's events name the agent's token as the actor of both changes; the issue's fields
// (`state_reason: reopened` after a reopen) must not be taken for a person's decision to keep it open.
// GitHub's clock moves on by hand between writes (whole seconds), and also stays on one second, as the
// agent's writes can land within one. Read back through a person's Octokit, never through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import type { RollbackReport } from '@backspace/core';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const outcomes = (report: RollbackReport) => report.steps.map((step) => [step.action, step.outcome]);

async function start(stepMs: number) {
  const clock = createManualClock(Date.UTC(2026, 5, 1, 9));
  environment = await startGithubRuntime({ clock });
  const { owner, repo, human, runtime } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const later = () => clock.advance(stepMs);
  const read = async (issue_number: number) => {
    const { data } = await human.rest.issues.get({ owner, repo, issue_number });
    return { state: data.state, state_reason: data.state_reason };
  };
  return { ...environment, session, later, read };
}

describe.each([
  ['seconds apart', 5_000],
  ['within one second', 0],
])('the agent closes and reopens an issue itself (%s)', (_name, stepMs) => {
  it('its own new issue, closed then reopened: the whole session is undone, the issue closed, no conflict', async () => {
    const { owner, repo, runtime, session, later, read } = await start(stepMs);
    const { number: issue_number } = (await session.run('github.issue.create', { owner, repo, title: 'Flaky login test' })) as { number: number };
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'closed', state_reason: 'completed' });
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'open' });
    await session.end();
    later();

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'verified'],
    ]);
    expect(await read(issue_number)).toEqual({ state: 'closed', state_reason: 'not_planned' });
  });

  it('its own new issue, closed, reopened and closed again: every step undone, no conflict', async () => {
    const { owner, repo, runtime, session, later, read } = await start(stepMs);
    const { number: issue_number } = (await session.run('github.issue.create', { owner, repo, title: 'Flaky login test' })) as { number: number };
    for (const state of ['closed', 'open', 'closed'] as const) {
      later();
      await session.run('github.issue.update', { owner, repo, issue_number, state });
    }
    await session.end();
    later();

    expect((await runtime.planRollback(session.id)).steps.map((step) => step.status)).toEqual(['undo', 'undo', 'undo', 'undo']);
    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified', 'verified', 'verified']);
    expect(await read(issue_number)).toEqual({ state: 'closed', state_reason: 'not_planned' });
  });

  it("a person's closed issue, reopened then closed again by the agent: closed for the person's reason, no conflict", async () => {
    const { owner, repo, human, runtime, session, later, read } = await start(stepMs);
    const { number: issue_number } = (await human.rest.issues.create({ owner, repo, title: 'Support IE11' })).data;
    await human.rest.issues.update({ owner, repo, issue_number, state: 'closed', state_reason: 'not_planned' });
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'open' });
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'closed', state_reason: 'completed' });
    await session.end();
    later();

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.update', 'verified'],
    ]);
    expect(await read(issue_number)).toEqual({ state: 'closed', state_reason: 'not_planned' });
  });

  it("a person's open issue, closed then reopened by the agent: open again, no conflict", async () => {
    const { owner, repo, human, runtime, session, later, read } = await start(stepMs);
    const { number: issue_number } = (await human.rest.issues.create({ owner, repo, title: 'Dark mode' })).data;
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'closed', state_reason: 'not_planned' });
    later();
    await session.run('github.issue.update', { owner, repo, issue_number, state: 'open' });
    await session.end();
    later();

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.update', 'verified'],
    ]);
    expect((await read(issue_number)).state).toBe('open');
  });
});
