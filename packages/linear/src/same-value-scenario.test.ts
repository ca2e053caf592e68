// A person who sets a field to the very value the agent left (moves the issue away and back to the
// agent's state) made that choice: the rollback keeps it, told from the agent by the issue's history,
// and still undoes what the agent changed that nobody touched. Read back from the simulator's own state.
import { describe, expect, it } from 'vitest';
import { createRuntime, scaledClock } from '@backspace/core';
import type { RequestPredicate } from '@backspace/testkit';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

/** The request reading an issue's history. */
const historyRead: RequestPredicate = (request) => String((request.body as { query?: unknown })?.query ?? '').includes('history(');

describe("linear: a person's choice of the agent's own value", () => {
  it('keeps the state a person moved the issue back to, and restores the title nobody touched', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-3']!;
    const { Todo, 'In Progress': inProgress, Done } = simulator.seed.workflowStates as Record<string, string>;
    const before = { ...simulator.state.issues.get(id)! };
    expect(before.stateId).toBe(Todo);
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.update', { id, stateId: inProgress, title: 'Speed up the search index rebuild (agent)' });
    await session.end();
    // The person moves it on, then back to In Progress: their call now, the same value the agent left.
    await human.updateIssue(id, { stateId: Done });
    await human.updateIssue(id, { stateId: inProgress });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'partial', restoreFields: ['title'], reason: expect.stringContaining(`stateId (set again by ${simulator.seed.users.human})`) });
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 1, failed: 0 });
    expect(simulator.state.issues.get(id)).toMatchObject({ stateId: inProgress, title: before.title });
  });

  it('keeps an issue the agent created that a person moved on and back: they built on it, so it is a conflict', async () => {
    const { runtime, simulator, human } = await setup();
    const { 'In Progress': inProgress } = simulator.seed.workflowStates as Record<string, string>;
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Rotate the staging keys' })) as { id: string };
    await session.end();
    const made = simulator.state.issues.get(created.id)!;
    const state = made.stateId;
    await human.updateIssue(created.id, { stateId: inProgress });
    await human.updateIssue(created.id, { stateId: state });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome, step.reason])).toEqual([['linear.issue.create', 'conflict', expect.stringContaining(`stateId by ${simulator.seed.users.human}`)]]);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ trashed: null, archivedAt: null, stateId: state });
  });

  it('keeps the archive a person made after the agent’s archive never reached Linear', async () => {
    const { simulator, human, journal, adapter } = await setup();
    const runtime = createRuntime({ journal, adapters: [adapter], policy: [], clock: scaledClock(100), retry: { maxAttempts: 1 } });
    const id = simulator.seed.issues['ENG-2']!;
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => String((request.body as { query?: unknown })?.query).includes('issueArchive('), kind: 'reset' });
    const session = await runtime.startSession({ agentId: 'agent' });
    await expect(session.run('linear.issue.archive', { id })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    // Seeing the bot fail, the person archives it by hand.
    await human.archiveIssue(id);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.archive', 'conflict']]);
    expect(simulator.state.issues.get(id)!.archivedAt).not.toBeNull();
  });

  it('reads no history for an issue nobody touched since the agent, and undoes it all', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const before = { ...simulator.state.issues.get(id)! };
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.update', { id, stateId: simulator.seed.workflowStates.Done, priority: 1 });
    await session.run('linear.label.add', { id, labelId: simulator.seed.labels.Bug! });
    await session.end();

    simulator.log.clear();
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    // One read to plan (both steps' issue) and the two inverses, verified by their own answers: no history read.
    expect(simulator.log.entries()).toHaveLength(3);
    expect(simulator.state.issues.get(id)).toMatchObject({ stateId: before.stateId, priority: before.priority, labelIds: before.labelIds });
  });

  it('keeps the fields when the history cannot be read, as a conflict the operator sees, never a silent revert', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-1']!;
    const { Done, Canceled } = simulator.seed.workflowStates as Record<string, string>;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.update', { id, stateId: Done });
    await session.end();
    await human.updateIssue(id, { stateId: Canceled });
    await human.updateIssue(id, { stateId: Done });
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: historyRead, kind: 'server-error', status: 500, times: 10 });

    const report = await runtime.rollback(session.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'conflict', reason: expect.stringContaining('its history could not be read') });
    expect(report.counts.conflicts).toBe(1);
    expect(simulator.state.issues.get(id)!.stateId).toBe(Done);
  });
});
