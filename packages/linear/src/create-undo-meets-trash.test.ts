// The undo of the agent's create (an archive) meeting the issue already in the trash: a person's, made
// before the rollback was planned, while it ran, or over the agent's own trash. Nothing is sent over a
// trash the plan saw as theirs, and the report tells where the issue is: already undone when it was in
// their trash before planning; a conflict, left in their trash and named, where the newer step on it (the
// agent's own trash) was theirs to keep; in the trash, not "stays archived", when they trashed it while the
// rollback ran. Linear's schema does not say what issueArchive does to a trashed issue, so the rollback
// never relies on it. Likewise a person who brought the issue back from the agent's own archive keeps it open. Read back through the simulator's records and the person's own LinearClient.
import { describe, expect, it } from 'vitest';
import { systemClock } from '@backspace/core';
import { issueCreate } from './actions/issue-create.js';
import { readIssue } from './snapshots.js';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest();
type Environment = Awaited<ReturnType<typeof setup>>;

async function agentFiles({ runtime, simulator }: Environment) {
  const session = await runtime.startSession({ agentId: 'agent' });
  const issue = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Scratch: flaky checkout test' })) as { id: string; identifier: string };
  return { session, issue };
}

/** Where the issue stands, as the person's own client reads it. */
async function standing({ human }: Environment, id: string) {
  const issue = await human.issue(id);
  return { archived: issue.archivedAt instanceof Date, trashed: issue.trashed === true };
}

describe("linear: the undo of the agent's create, the issue already in the trash", () => {
  it("a person's trash before the rollback: already undone, nothing sent, left in their trash", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, issue } = await agentFiles(environment);
    await session.end();
    await human.deleteIssue(issue.id);

    const plan = await runtime.planRollback(session.id);
    const report = await runtime.rollback(session.id);

    expect(plan.steps.map((step) => step.status)).toEqual(['already-undone']);
    expect(report.steps.map((step) => step.outcome)).toEqual(['skipped']);
    expect(report.counts).toMatchObject({ undone: 0, failed: 0 });
    expect(simulator.state.committed.get('issueArchive')).toBeUndefined();
    expect(await standing(environment, issue.id)).toEqual({ archived: true, trashed: true });
  });

  it("a person's trash while the rollback runs (after planning): nothing taken out of it, and no failure", async () => {
    const environment = await setup();
    const { runtime, simulator } = environment;
    const { session, issue } = await agentFiles(environment);
    await session.end();

    // The person trashes it once the plan is made, before its step runs.
    const report = await runtime.rollback(session.id, { onPlanned: () => void simulator.state.archiveIssue(issue.id, true, simulator.seed.users.human) });

    expect(report.steps.map((step) => step.outcome)).not.toContain('failed');
    // The report says where it is: in the trash, gone for good 30 days on (the archive was sent before
    // anything could tell: the plan's line that it stays archived is corrected by the step's own).
    expect(report.steps[0]!.residue?.join('\n')).toMatch(new RegExp(`${issue.identifier} was in the trash when its archive was sent`));
    expect(await standing(environment, issue.id)).toEqual({ archived: true, trashed: true });
    // Linear names whoever moved it last: the person, not the rollback.
    expect(simulator.state.history.get(issue.id)!.at(-1)).toMatchObject({ actorId: simulator.seed.users.human, trashed: true });
  });

  it("the agent's own trash, then a person's restore and trash again: the create's undo sends nothing over their trash", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, issue } = await agentFiles(environment);
    await session.run('linear.issue.delete', { id: issue.id });
    await session.end();
    await human.unarchiveIssue(issue.id);
    await human.deleteIssue(issue.id);
    const writes = new Map(simulator.state.committed);

    const plan = await runtime.planRollback(session.id);
    const report = await runtime.rollback(session.id);

    // Both steps are left in their trash, in the plan and in the run alike, told word for word.
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
      ['linear.issue.delete', 'conflict'],
      ['linear.issue.create', 'conflict'],
    ]);
    expect(plan.steps[1]!.fields).toContainEqual(expect.objectContaining({ field: 'lifecycle', post: 'active', decision: 'keep' }));
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['linear.issue.delete', 'conflict'],
      ['linear.issue.create', 'conflict'],
    ]);
    expect(report.residue).toEqual(plan.residue);
    // Nothing written by the rollback, and no claim of an archive it did not make.
    expect(simulator.state.committed).toEqual(writes);
    expect(report.counts).toMatchObject({ undone: 0, failed: 0, conflicts: 2 });
    expect(report.residue.join('\n')).not.toContain(`${issue.identifier} stays in Linear archived`);
    // A second rollback tells the same, and still writes nothing.
    expect((await runtime.rollback(session.id)).steps.map((step) => step.outcome)).toEqual(['conflict', 'conflict']);
    expect(simulator.state.committed).toEqual(writes);
    expect(await standing(environment, issue.id)).toEqual({ archived: true, trashed: true });
    expect(simulator.state.history.get(issue.id)!.at(-1)).toMatchObject({ actorId: simulator.seed.users.human, trashed: true });
  });

  it("the agent's own archive, then a person's restore: their choice keeps the issue open, nothing archived over it", async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { session, issue } = await agentFiles(environment);
    await session.run('linear.issue.archive', { id: issue.id });
    await session.end();
    await human.unarchiveIssue(issue.id);
    const writes = new Map(simulator.state.committed);

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['linear.issue.archive', 'skipped'],
      ['linear.issue.create', 'conflict'],
    ]);
    expect(simulator.state.committed).toEqual(writes);
    expect(await standing(environment, issue.id)).toEqual({ archived: false, trashed: false });
  });

  it("a create's undo staged before the lifecycle was guarded, planned over their trash, sends nothing and says where it is", async () => {
    const environment = await setup();
    const { adapter, simulator, human } = environment;
    const { session, issue } = await agentFiles(environment);
    await session.end();
    await human.deleteIssue(issue.id);
    const writes = new Map(simulator.state.committed);
    // As planning hands it over when a newer step on the issue found the trash theirs: the flags marked as others'.
    const planned = { ...(await readIssue(adapter.client, issue.id))!, archived: { changedByOthers: true }, trashed: { changedByOthers: true } };
    const operation = issueCreate.inverses!['linear.issue.archive']!;

    const report = await operation.run({ id: issue.id, trash: false, duplicateOf: null }, { client: adapter.client, idempotencyKey: 'compensate:old', clock: systemClock, pre: planned });

    expect(report).toMatchObject({ keptBecause: `${issue.identifier} is in the trash, put there by someone else since the agent filed it: it stays where they put it` });
    expect(simulator.state.committed).toEqual(writes);
    expect(await standing(environment, issue.id)).toEqual({ archived: true, trashed: true });
  });
});
