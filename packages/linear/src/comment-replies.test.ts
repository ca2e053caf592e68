// Comment threads: a reply (`parentId`) sits under the comment it answers. The undo of the agent's comment
// (commentDelete) keeps it when a person replied in its thread, a conflict naming their reply, and the
// reply stays in the thread; the agent's own reply is deleted first and keeps nothing (and comes along
// when a rollback names only its comment); the agent's reply to a person's comment is deleted and leaves
// their comment. Read back through the simulator's records
// and the person's own LinearClient.
import { describe, expect, it } from 'vitest';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();

describe('linear: comment threads', () => {
  it("a person's reply keeps the agent's comment, named, and stays in its thread", async () => {
    const { runtime, simulator, human } = await setup();
    const issueId = simulator.seed.issues['ENG-1']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    const comment = (await session.run('linear.comment.create', { issueId, body: 'Root cause: the EU card BIN list is stale' })) as { id: string };
    await session.end();
    const reply = (await (await human.createComment({ issueId, body: 'Confirmed, refreshing it now', parentId: comment.id })).comment)!;

    const plan = await runtime.planRollback(session.id);
    const report = await runtime.rollback(session.id);

    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'none' });
    expect(plan.steps[0]!.reason).toContain(`linear.comment:${reply.id}`);
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(simulator.state.committed.get('commentDelete')).toBeUndefined();
    const kept = await human.comment({ id: reply.id });
    expect({ body: kept.body, parentId: kept.parentId }).toEqual({ body: 'Confirmed, refreshing it now', parentId: comment.id });
    expect(simulator.state.comments.has(comment.id)).toBe(true);
  });

  it("the agent's own reply is deleted first and keeps nothing: both go", async () => {
    const { runtime, simulator } = await setup();
    const issueId = simulator.seed.issues['ENG-1']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    const comment = (await session.run('linear.comment.create', { issueId, body: 'Root cause: the EU card BIN list is stale' })) as { id: string };
    const reply = (await session.run('linear.comment.create', { issueId, body: 'Refreshed in staging', parentId: comment.id })) as { id: string };
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.resource, step.outcome])).toEqual([
      [`linear.comment:${reply.id}`, 'verified'],
      [`linear.comment:${comment.id}`, 'verified'],
    ]);
    expect([simulator.state.comments.has(reply.id), simulator.state.comments.has(comment.id)]).toEqual([false, false]);
  });

  it("a rollback naming only the agent's comment brings its own reply along, deleted first", async () => {
    const { runtime, simulator } = await setup();
    const issueId = simulator.seed.issues['ENG-1']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    const comment = (await session.run('linear.comment.create', { issueId, body: 'Root cause: the EU card BIN list is stale' })) as { id: string };
    const rootAction = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.committed').at(-1)!.actionId!;
    const reply = (await session.run('linear.comment.create', { issueId, body: 'Refreshed in staging', parentId: comment.id })) as { id: string };
    await session.end();

    const report = await runtime.rollback(session.id, { select: { actions: [rootAction] } });

    expect(report.steps.map((step) => [step.resource, step.outcome, step.pulledIn ? 'pulled in' : 'chosen'])).toEqual([
      [`linear.comment:${reply.id}`, 'verified', 'pulled in'],
      [`linear.comment:${comment.id}`, 'verified', 'chosen'],
    ]);
    expect([simulator.state.comments.has(reply.id), simulator.state.comments.has(comment.id)]).toEqual([false, false]);
  });

  it("the agent's reply to a person's comment is deleted, their comment stays", async () => {
    const { runtime, simulator, human } = await setup();
    const issueId = simulator.seed.issues['ENG-1']!;
    const theirs = (await (await human.createComment({ issueId, body: 'Anyone looked at the BIN list?' })).comment)!;
    const session = await runtime.startSession({ agentId: 'agent' });
    const reply = (await session.run('linear.comment.create', { issueId, body: 'It is stale', parentId: theirs.id })) as { id: string };
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(simulator.state.comments.has(reply.id)).toBe(false);
    expect((await human.comment({ id: theirs.id })).body).toBe('Anyone looked at the BIN list?');
  });
});
