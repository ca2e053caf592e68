// What a person puts on the agent's issue between its write and the rollback, as far as the simulator
// models Linear (the carried schema has relations either way and comments; no attachments, and the one
// simulated team allows no move to another): the undo that would put the issue away (the trash, which
// Linear empties after 30 days, taking its relations and comments with it) keeps it for a person's
// relation or comment, a conflict named; the agent's own relation keeps nothing; the undo of the agent's
// trash brings back the issue with what people had on it. Read back through the person's own
// LinearClient and the simulator's records, 31 days on.
import { describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/testkit';
import { scaledClock, type Clock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

// One clock for the runtime and the simulator: the trash is emptied by the simulator's clock.
const clock = createManualClock(Date.now()) as unknown as Clock & { advance(ms: number): void };
const setup = linearRuntimePerTest({ clock }, { clock });
// Where the rollback retries a failing write, its backoffs run on a clock 100x fast instead.
const retrying = linearRuntimePerTest({ clock: scaledClock(100) });
const DAYS_31 = 31 * 24 * 3_600_000;

type Environment = Awaited<ReturnType<typeof setup>>;

/** The agent files an issue to be trashed on undo, in a session of its own, ended. */
async function agentFilesScratch({ runtime, simulator }: Environment) {
  const session = await runtime.startSession({ agentId: 'agent' });
  const issue = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Scratch: flaky checkout test', undo: 'trash' })) as { id: string; identifier: string };
  return { session, issue };
}

describe("linear: a person's work on the issue the agent filed", () => {
  for (const direction of ['their issue blocks the agent’s', 'the agent’s issue blocks theirs'] as const) {
    it(`a person's relation (${direction}) keeps the issue out of the trash, and the relation outlives Linear's 30 days`, async () => {
      const environment = await setup();
      const { runtime, simulator, human } = environment;
      const { session, issue } = await agentFilesScratch(environment);
      await session.end();
      const theirs = simulator.seed.issues['ENG-1']!;
      const [from, to] = direction === 'their issue blocks the agent’s' ? [theirs, issue.id] : [issue.id, theirs];
      const relation = (await (await human.createIssueRelation({ issueId: from, relatedIssueId: to, type: 'blocks' as never })).issueRelation)!;

      const plan = await runtime.planRollback(session.id);
      const report = await runtime.rollback(session.id);

      expect(plan.steps.map((step) => step.status)).toEqual(['conflict']);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
      expect(report.residue.join('\n')).toContain(`linear.relation:${relation.id}`);
      expect(simulator.state.committed.get('issueDelete')).toBeUndefined();
      clock.advance(DAYS_31);
      const kept = await human.issueRelation(relation.id);
      expect({ type: kept.type, issue: (await kept.issue)?.id, related: (await kept.relatedIssue)?.id }).toEqual({ type: 'blocks', issue: from, related: to });
      expect((await human.issue(issue.id)).trashed ?? false).toBe(false);
    });
  }

  it("a person's comment keeps the issue out of the trash, and the comment outlives Linear's 30 days", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, issue } = await agentFilesScratch(environment);
    await session.end();
    const comment = (await (await human.createComment({ issueId: issue.id, body: 'Seen on main too: keeping this' })).comment)!;

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    clock.advance(DAYS_31);
    expect((await human.comment({ id: comment.id })).body).toBe('Seen on main too: keeping this');
    expect(simulator.state.issues.get(issue.id)?.trashed ?? null).toBeNull();
  });

  it("the agent's own relation on its issue is undone first and keeps nothing: the issue goes to the trash", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, issue } = await agentFilesScratch(environment);
    const relation = (await session.run('linear.relation.create', { issueId: simulator.seed.issues['ENG-1']!, relatedIssueId: issue.id, type: 'blocks' })) as { id: string };
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['linear.relation.create', 'verified'],
      ['linear.issue.create', 'verified'],
    ]);
    expect(simulator.state.relations.has(relation.id)).toBe(false);
    const trashed = await human.issue(issue.id);
    expect({ trashed: trashed.trashed, archived: trashed.archivedAt instanceof Date }).toEqual({ trashed: true, archived: true });
  });

  it('an undo that marked the issue a duplicate, then failed to archive it, is finished by the next rollback: its own mark keeps nothing', async () => {
    const { runtime, simulator } = await retrying();
    const session = await runtime.startSession({ agentId: 'agent' });
    // Same title as ENG-2: the undo marks the agent's issue a duplicate of it before archiving it.
    const issue = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Export issues as CSV' })) as { id: string };
    await session.end();
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueArchive'), kind: 'server-error', status: 500, times: Infinity });
    expect((await runtime.rollback(session.id)).steps.map((step) => step.outcome)).toEqual(['failed']);
    simulator.faults.clear();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'verified']]);
    expect(simulator.state.issues.get(issue.id)?.archivedAt).toEqual(expect.any(String));
    expect([...simulator.state.relations.values()].filter((relation) => relation.issueId === issue.id).map((relation) => [relation.type, relation.relatedIssueId])).toEqual([['duplicate', simulator.seed.issues['ENG-2']]]);
  });
});

describe("linear: the undo of the agent's trash", () => {
  it('brings the issue back with the relation and the comment a person had put on it', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const relation = (await (await human.createIssueRelation({ issueId: simulator.seed.issues['ENG-1']!, relatedIssueId: id, type: 'related' as never })).issueRelation)!;
    const comment = (await (await human.createComment({ issueId: id, body: 'Customers keep asking' })).comment)!;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.delete', { id });
    await session.end();

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    clock.advance(DAYS_31);
    const issue = await human.issue(id);
    expect({ trashed: issue.trashed ?? false, archived: issue.archivedAt instanceof Date }).toEqual({ trashed: false, archived: false });
    expect((await human.issueRelation(relation.id)).type).toBe('related');
    expect((await human.comment({ id: comment.id })).body).toBe('Customers keep asking');
  });
});
