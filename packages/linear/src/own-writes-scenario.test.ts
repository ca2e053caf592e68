// One issue under two names, the agent's own later writes on its own issue, and writes whose answer
// was lost: what a rollback undoes and what it keeps, read back from the simulator's own state.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { scaledClock } from '@backspace/core';
import { startLinearRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startLinearRuntime>> | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await environment?.close();
  environment = undefined;
});

async function setup() {
  // The retries back off on the runtime clock: run it 100x fast.
  return (environment = await startLinearRuntime({ clock: scaledClock(100) }));
}

const commentsOn = (simulator: NonNullable<typeof environment>['simulator'], issueId: string) =>
  [...simulator.state.comments.values()].filter((comment) => comment.issueId === issueId).map((comment) => comment.body);

describe('linear: one issue named by its identifier and by its UUID', () => {
  it('is one resource: the older step is not reported as changed by someone else, and both are undone', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const before = { ...simulator.state.issues.get(id)! };
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.update', { id: 'ENG-2', title: 'Export as CSV (first pass)', priority: 1 });
    await session.run('linear.label.add', { id: 'ENG-2', labelId: simulator.seed.labels.Bug! });
    await session.run('linear.issue.update', { id, title: 'Export as CSV and XLSX' });
    await session.end();

    const plan = await runtime.planRollback(session.id);

    expect(plan.steps.map((step) => [step.resource, step.status])).toEqual([
      [`linear.issue:${id}`, 'undo'],
      [`linear.issue:${id}`, 'undo'],
      [`linear.issue:${id}`, 'undo'],
    ]);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 3, conflict: 0, failed: 0 });
    expect(simulator.state.issues.get(id)).toMatchObject({ title: before.title, priority: before.priority, labelIds: before.labelIds });
  });
});

describe('linear: labels changed one at a time and as a whole list', () => {
  it('come back as the issue had them, whichever way the agent changed them', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-3']!;
    const before = [...simulator.state.issues.get(id)!.labelIds];
    const { Bug, Feature } = simulator.seed.labels as Record<'Bug' | 'Feature', string>;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.label.add', { id: 'ENG-3', labelId: Bug });
    await session.run('linear.issue.update', { id, labelIds: [Feature] });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => step.status)).toEqual(['undo', 'undo']);
    expect(simulator.state.issues.get(id)!.labelIds).toEqual(before);
  });
});

describe("linear: the agent's own comment and label on the issue it created", () => {
  it('are not others\' work: one rollback removes the comment first, the label, then archives the issue', async () => {
    const { runtime, simulator } = await setup();
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Flaky checkout test' });
    await session.run('linear.comment.create', { issueId: created.identifier, body: 'Seen twice on main today.' });
    await session.run('linear.label.add', { id: created.identifier, labelId: simulator.seed.labels.Bug! });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
      ['linear.label.add', 'undo'],
      ['linear.comment.create', 'undo'],
      ['linear.issue.create', 'undo'],
    ]);
    // A predicate that never fires a fault: it sees, in order, the mutations the rollback sends.
    const sent: string[] = [];
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'reset', when: (request) => {
      const mutation = /(commentDelete|issueArchive)\(/.exec(String((request.body as { query?: string }).query))?.[1];
      if (mutation) sent.push(mutation);
      return false;
    } });
    const report = await runtime.rollback(session.id);

    expect(report.byOutcome).toMatchObject({ verified: 3, conflict: 0, failed: 0 });
    expect(simulator.state.issues.get(created.id)).toMatchObject({ archivedAt: expect.any(String), labelIds: [] });
    expect(commentsOn(simulator, created.id)).toEqual([]);
    // The comment went before the issue was archived: its step runs first.
    expect(sent).toEqual(['commentDelete', 'issueArchive']);
  });

  it("a person's comment still makes the issue a conflict: it stays open with her comment, the agent's comment and label are undone", async () => {
    const { runtime, simulator, human } = await setup();
    const session = await runtime.startSession({ agentId: 'agent' });
    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Flaky checkout test' });
    await session.run('linear.comment.create', { issueId: created.id, body: 'Seen twice on main today.' });
    await session.run('linear.label.add', { id: created.id, labelId: simulator.seed.labels.Bug! });
    await session.end();
    await human.createComment({ issueId: created.id, body: 'I am on it, please keep this open.' });

    const report = await runtime.rollback(session.id);

    const creation = report.steps.find((step) => step.action === 'linear.issue.create')!;
    expect(creation).toMatchObject({ status: 'conflict', outcome: 'conflict' });
    expect(creation.reason).toMatch(/linear\.comment:[0-9a-f-]+ by someone outside Backspace/);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ archivedAt: null, labelIds: [] });
    expect(commentsOn(simulator, created.id)).toEqual(['I am on it, please keep this open.']);
  });

  it("another agent session's comment on the same token is not this session's: the issue stays, naming that session", async () => {
    const { runtime, simulator } = await setup();
    const first = await runtime.startSession({ agentId: 'triage-agent' });
    const created = await first.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Flaky checkout test' });
    await first.end();
    const second = await runtime.startSession({ agentId: 'follow-up-agent' });
    await second.run('linear.comment.create', { issueId: created.identifier, body: 'Linked the CI run.' });
    await second.end();

    const report = await runtime.rollback(first.id);

    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'conflict' });
    expect(report.steps[0]!.reason).toContain(`by session ${second.id} (agent follow-up-agent)`);
    expect(simulator.state.issues.get(created.id)).toMatchObject({ archivedAt: null });
    expect(commentsOn(simulator, created.id)).toEqual(['Linked the CI run.']);
  });
});

describe('linear: writes whose answer was lost', () => {
  it('a create whose answer carries an error beside the new issue is found by its key and rolled back, never recorded as failed', async () => {
    const { runtime, simulator } = await setup();
    // Linear ran the mutation, then a field of its answer failed: the payload comes with an error beside it.
    const realFetch = globalThis.fetch;
    vi.spyOn(globalThis, 'fetch').mockImplementation(async (url, init) => {
      const answer = await realFetch(url, init);
      if (!String(init?.body).includes('issueCreate(')) return answer;
      const body = (await answer.json()) as Record<string, unknown>;
      const errors = [{ message: 'Entity not found: Project', path: ['issueCreate', 'issue', 'project'], extensions: { type: 'invalid input', code: 'INPUT_ERROR', userError: true, userPresentableMessage: 'Could not find referenced Project.' } }];
      return new Response(JSON.stringify({ ...body, errors }), { status: 400, headers: answer.headers });
    });
    const session = await runtime.startSession({ agentId: 'agent' });

    const created = await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Created once' });
    await session.end();
    vi.restoreAllMocks();

    expect([...simulator.state.issues.values()].filter((issue) => issue.title === 'Created once')).toHaveLength(1);
    expect((await environment!.journal.sessionEntries(session.id)).map((entry) => entry.type)).not.toContain('action.failed');
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 1 });
    expect(simulator.state.issues.get(created.id)!.archivedAt).not.toBeNull();
  });

  it("a comment retried after a 503 never adopts an earlier identical comment: rollback removes only this session's", async () => {
    const { runtime, simulator } = await setup();
    const issueId = simulator.seed.issues['ENG-1']!;
    const first = await runtime.startSession({ agentId: 'agent' });
    await first.run('linear.comment.create', { issueId, body: 'Customer confirmed the fix.' });
    await first.end();
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: (request) => String((request.body as { query?: string }).query).includes('commentCreate('), kind: 'server-error', status: 503 });
    const second = await runtime.startSession({ agentId: 'agent' });
    await second.run('linear.comment.create', { issueId, body: 'Customer confirmed the fix.' });
    await second.end();

    expect(commentsOn(simulator, issueId)).toEqual(['Customer confirmed the fix.', 'Customer confirmed the fix.']);
    await runtime.rollback(second.id);
    expect(commentsOn(simulator, issueId)).toEqual(['Customer confirmed the fix.']);
    await runtime.rollback(first.id);
    expect(commentsOn(simulator, issueId)).toEqual([]);
  });

  it('an answer Linear sent but nobody can parse leaves the outcome of a write unknown', async () => {
    const { simulator } = await setup();
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'server-error', respond: () => ({ status: 200, headers: { 'content-type': 'text/html' }, body: '<html>upstream hiccup</html>' }) });
    const error = await environment!.adapter.client.call((sdk) => sdk.createIssue({ teamId: simulator.seed.teamId, title: 'x' })).catch((failure: unknown) => failure);
    expect(error).toMatchObject({ outcomeUnknown: true, isRetryable: true });
  });
});
