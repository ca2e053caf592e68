// Trash, archive and labels as a user sees them after rollback: trash on request, Linear's 30-day trash
// window, an issue put back where it stood (a person's trash kept, an issue archived before the agent
// trashed it back in the archive), one label undone without touching the others, a lost label removal
// told by the history, and a dropped create found again by its id.
import { afterEach, describe, expect, it } from 'vitest';
import { scaledClock, type Clock } from '@backspace/core';
import { createManualClock } from '@backspace/testkit';
import { uuidFromKey } from './idempotency.js';
import { startLinearRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
afterEach(async () => {
  await environment?.close();
  environment = undefined;
});

async function setup<C extends Clock = ReturnType<typeof createManualClock>>(clock: C = createManualClock(Date.now()) as unknown as C) {
  environment = await startLinearRuntime({ clock });
  return { ...environment, clock };
}

describe('linear: trash, archive and labels', () => {
  it('a created issue asked to be trashed on undo goes to the trash, not the archive', async () => {
    const { runtime, simulator } = await setup();
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Scratch issue', undo: 'trash' })) as { id: string };
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.verified).toBe(1);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ trashed: true, archivedAt: expect.any(String) });
    expect(report.residue).toContain('ENG-4 stays in Linear in the trash for 30 days; its creation notifications were already sent');
  });

  it('an issue the agent trashed comes back within 30 days; after that the plan reports it expired', async () => {
    const { runtime, simulator, clock } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const first = await runtime.startSession({ agentId: 'agent' });
    await first.run('linear.issue.delete', { id });
    await first.end();
    clock.advance(29 * 24 * 3_600_000);
    expect((await runtime.planRollback(first.id)).steps[0]!.status).toBe('undo');
    await runtime.rollback(first.id);
    expect(simulator.state.issues.get(id)).toMatchObject({ trashed: null, archivedAt: null });

    const second = await runtime.startSession({ agentId: 'agent' });
    await second.run('linear.issue.delete', { id });
    await second.end();
    clock.advance(31 * 24 * 3_600_000);
    const plan = await runtime.planRollback(second.id);
    expect(plan.steps[0]!.status).toBe('expired');
    expect(plan.residue[0]).toMatch(/the inverse expired at/);
  });

  it('a person who trashed the issue the agent archived keeps it in the trash: the step is a conflict, not an unarchive', async () => {
    const { runtime, simulator, human } = await setup(scaledClock(100));
    const id = simulator.seed.issues['ENG-2']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.archive', { id });
    await session.end();
    // The person decides the issue should go altogether.
    await human.deleteIssue(id);

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.archive', 'conflict']]);
    expect(await human.issue(id)).toMatchObject({ trashed: true, archivedAt: expect.any(Date) });
  });

  it('an issue archived before the agent trashed it goes back to the archive, not among open issues', async () => {
    const { runtime, simulator, human } = await setup(scaledClock(100));
    const id = simulator.seed.issues['ENG-2']!;
    // A person archived it long before the agent came.
    await human.archiveIssue(id);
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.delete', { id });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.delete', 'verified']]);
    const issue = await human.issue(id);
    expect({ archived: issue.archivedAt instanceof Date, trashed: issue.trashed === true }).toEqual({ archived: true, trashed: false });
  });

  it('the simulator deletes a trashed issue for good after 30 days, as Linear does', async () => {
    const clock = createManualClock(Date.now());
    const linear = (environment = await startLinearRuntime({}, { clock }));
    const id = linear.simulator.seed.issues['ENG-2']!;
    await linear.human.deleteIssue(id);
    clock.advance(29 * 24 * 3_600_000);
    expect((await linear.human.issue(id)).trashed).toBe(true);
    clock.advance(2 * 24 * 3_600_000);
    await expect(linear.human.issue(id)).rejects.toMatchObject({ type: 'InvalidInput', message: expect.stringContaining('Entity not found: Issue') });
  });

  it('removing the label the agent added keeps the labels a human added meanwhile', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-3']!;
    const { Bug, Feature, Improvement } = simulator.seed.labels as Record<'Bug' | 'Feature' | 'Improvement', string>;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.label.add', { id, labelId: Bug });
    await session.run('linear.label.remove', { id, labelId: Improvement });
    await session.end();
    await human.issueAddLabel(id, Feature!);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, failed: 0 });
    expect([...simulator.state.issues.get(id)!.labelIds].sort()).toEqual([Feature!, Improvement!].sort());
  });

  it('an update whose title a human changed again keeps the human title and restores the rest', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const before = { ...simulator.state.issues.get(id)! };
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.update', { id, title: 'Agent title', priority: 1, dueDate: '2030-01-31' });
    await session.end();
    await human.updateIssue(id, { title: 'Human title' });
    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'partial' });
    await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)).toMatchObject({ title: 'Human title', priority: before.priority, dueDate: null });
  });

  it('an update whose answer was lost, its title changed by a human since, is found by the history and undone where still the agent’s', async () => {
    const { runtime, simulator, human } = await setup(scaledClock(100));
    const id = simulator.seed.issues['ENG-2']!;
    const before = { ...simulator.state.issues.get(id)! };
    const query = (request: { body?: unknown }) => String((request.body as { query?: string }).query);
    // The update lands and its answer is lost; every read of the issue after it fails in the agent's call.
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => query(request).includes('issueUpdate('), kind: 'drop-after-commit', times: 20 });
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => simulator.faults.fired().length > 0 && query(request).includes('query backspaceIssue('), kind: 'server-error', status: 503, times: 50 });
    const session = await runtime.startSession({ agentId: 'agent' });
    await expect(session.run('linear.issue.update', { id, title: 'Agent title', priority: 1 })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    await human.updateIssue(id, { title: 'Human title' });
    await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)).toMatchObject({ title: 'Human title', priority: before.priority });
  });

  it('a label removal whose answer was lost, the label put back by another of the agent’s sessions, is found by the history: rolled back together, the label stays', async () => {
    const { runtime, simulator } = await setup(scaledClock(100));
    const id = simulator.seed.issues['ENG-1']!;
    const bug = simulator.seed.labels['Bug']!;
    const query = (request: { body?: unknown }) => String((request.body as { query?: string }).query);
    // The removal lands and its answer is lost; every read of the issue after it fails in the agent's call.
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => query(request).includes('issueRemoveLabel('), kind: 'drop-after-commit', times: 20 });
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => simulator.faults.fired().length > 0 && query(request).includes('query backspaceIssue('), kind: 'server-error', status: 503, times: 50 });
    const first = await runtime.startSession({ agentId: 'agent' });
    await expect(first.run('linear.label.remove', { id, labelId: bug })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await first.end();
    simulator.faults.clear();
    // Another session of the agent, on the same API key, puts the label back.
    const second = await runtime.startSession({ agentId: 'agent' });
    await second.run('linear.label.add', { id, labelId: bug });
    await second.end();

    // As one incident: the put-back comes off, then the removal's undo puts the label back. Taken for
    // "never landed" (the label was there when planned), the removal stayed: the label ended off.
    const report = await runtime.rollbackIncident({ sessions: [first.id, second.id] });
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.label.add', 'verified'], ['linear.label.remove', 'verified']]);
    expect(simulator.state.issues.get(id)!.labelIds).toContain(bug);
  });

  it('a create whose answer was lost, commented on by a person before the rollback settles it, is kept with the comment', async () => {
    const { runtime, simulator, human } = await setup(scaledClock(100));
    const creating = (request: { body?: unknown }) => String((request.body as { query?: string }).query).includes('issueCreate(');
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: creating, kind: 'drop-after-commit', times: 20 });
    const reads = (request: { body?: unknown }) => simulator.faults.fired().length > 0 && !creating(request);
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: reads, kind: 'server-error', status: 503, times: 50 });
    const session = await runtime.startSession({ agentId: 'agent' });
    await expect(session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Rotate the staging keys' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await session.end();
    simulator.faults.clear();
    const made = [...simulator.state.issues.values()].find((issue) => issue.title === 'Rotate the staging keys')!;
    await human.createComment({ issueId: made.id, body: 'On it: rotating prod too' });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(simulator.state.issues.get(made.id)).toMatchObject({ archivedAt: null });
    expect([...simulator.state.comments.values()].map((comment) => comment.body)).toContain('On it: rotating prod too');
  });

  it('a create whose answer was lost is found by its key-derived id and not created twice', async () => {
    // The retry backs off on the runtime clock: run it 100x fast.
    const { runtime, simulator } = await setup(scaledClock(100));
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => String((request.body as { query?: string }).query).includes('issueCreate('), kind: 'drop-after-commit' });
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Once only' }, { idempotencyKey: 'tool-call-42' })) as { id: string; identifier: string };
    // The id comes from the caller's key scoped to its session, so another session's same key is another issue.
    expect(created).toMatchObject({ id: uuidFromKey(`${session.id}:call:tool-call-42`, 'issue'), identifier: 'ENG-4' });
    expect([...simulator.state.issues.values()].filter((issue) => issue.title === 'Once only')).toHaveLength(1);
  });
});
