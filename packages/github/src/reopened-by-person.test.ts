// A person who closed the agent's issue and reopened it decided it stays open: undoing the agent's
// create must leave it open, a conflict naming them, however the issue's state moved since. GitHub's
// `state_reason` says `reopened` only until the issue is closed again, so a later agent close (another
// session's, or this one's), and then this rollback's own reopen undoing it, hide the person's reopen
// from the issue's fields; its events (`GET /repos/{o}/{r}/issues/{n}/events`) still name them.
// GitHub's clock moves on by hand between writes (its `updated_at` counts whole seconds), as a person's
// close and reopen come seconds after the agent's write. Read back through the person's Octokit, never
// through the adapter.
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import type { RollbackPlan, RollbackReport } from '@backspace/core';
import { startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/** Session A (correlation INC-7) opens an issue; the person closes it and reopens it. */
async function openedThenClosedAndReopenedByPerson() {
  const clock = createManualClock(Date.UTC(2026, 5, 1, 9));
  environment = await startGithubRuntime({ clock });
  const { owner, repo, runtime, human } = environment;
  const first = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-7' });
  const issue_number = ((await first.run('github.issue.create', { owner, repo, title: 'Login fails' })) as { number: number }).number;
  const where = { owner, repo, issue_number };
  const later = () => clock.advance(5_000);
  const personReopens = async () => {
    later();
    await human.rest.issues.update({ ...where, state: 'closed', state_reason: 'completed' });
    later();
    await human.rest.issues.update({ ...where, state: 'open' });
    later();
  };
  const read = async () => {
    const { data } = await human.rest.issues.get(where);
    return { state: data.state, state_reason: data.state_reason };
  };
  return { ...environment, first, where, personReopens, read, login: environment.simulator.seed.logins.human };
}

const outcomes = (report: RollbackReport) => report.steps.map((step) => [step.action, step.outcome]);
const statuses = (plan: RollbackPlan) => plan.steps.map((step) => [step.action, step.status]);
const keptLine = (lines: string[]) => lines.find((line) => line.startsWith('github.issue.create')) ?? '';

describe("the agent's issue a person closed and reopened stays open when its create is undone", () => {
  it('an incident whose later session closed it: that close is undone, the create kept, the person named', async () => {
    const { runtime, where, personReopens, read, login, first } = await openedThenClosedAndReopenedByPerson();
    await first.end();
    await personReopens();
    const second = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-7' });
    await second.run('github.issue.update', { ...where, state: 'closed', state_reason: 'completed' });
    await second.end();

    const plan = await runtime.planIncident({ correlationId: 'INC-7' });
    expect(statuses(plan)).toEqual([
      ['github.issue.update', 'undo'],
      ['github.issue.create', 'conflict'],
    ]);
    const report = await runtime.rollbackIncident({ correlationId: 'INC-7' });
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
    expect(outcomes(report)).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'conflict'],
    ]);
    for (const lines of [plan.residue, report.residue]) expect(keptLine(lines)).toContain(login);
  });

  it('one session that closed it itself after the person reopened it: its close is undone, its create kept', async () => {
    const { runtime, where, personReopens, read, login, first } = await openedThenClosedAndReopenedByPerson();
    await personReopens();
    await first.run('github.issue.update', { ...where, state: 'closed', state_reason: 'completed' });
    await first.end();

    const report = await runtime.rollback(first.id);
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
    expect(outcomes(report)).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'conflict'],
    ]);
    expect(keptLine(report.residue)).toContain(login);
  });

  it("the person's reopen is the last change: one session's rollback keeps it open, a conflict", async () => {
    const { runtime, personReopens, read, first } = await openedThenClosedAndReopenedByPerson();
    await first.end();
    await personReopens();

    const report = await runtime.rollback(first.id);
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
    expect(outcomes(report)).toEqual([['github.issue.create', 'conflict']]);
    expect(keptLine(report.residue)).toMatch(/reopened/);
  });

  it("the person's reopen is the last change: the incident (session A alone) keeps it open, a conflict", async () => {
    const { runtime, personReopens, read, first } = await openedThenClosedAndReopenedByPerson();
    await first.end();
    await personReopens();

    const plan = await runtime.planIncident({ correlationId: 'INC-7' });
    expect(statuses(plan)).toEqual([['github.issue.create', 'conflict']]);
    const report = await runtime.rollbackIncident({ correlationId: 'INC-7' });
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened' });
    expect(outcomes(report)).toEqual([['github.issue.create', 'conflict']]);
  });
});
