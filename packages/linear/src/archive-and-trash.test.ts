// Archive and trash undone to where the issue stood, around the two defect cases in trash-and-labels:
// the agent's own create then archive or trash (the common path, undone once and never again), what a
// plan says of a person's trash, and undo steps journaled before the lifecycle was compared (they name
// only the `archived` and `trashed` values), run by today's inverse.
import { describe, expect, it } from 'vitest';
import { scaledClock, type Snapshot } from '@backspace/core';
import { compensations } from './compensations.js';
import { readIssue } from './snapshots.js';
import { linearRuntimePerTest } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

const where = (record: { archivedAt: string | null; trashed: boolean | null } | undefined) => (record?.trashed ? 'trashed' : record?.archivedAt ? 'archived' : 'active');

describe("linear: the agent's own create, then its archive or trash", () => {
  for (const [undo, then, ends] of [
    ['archive', 'linear.issue.delete', 'archived'],
    ['archive', 'linear.issue.archive', 'archived'],
    ['trash', 'linear.issue.delete', 'trashed'],
    ['trash', 'linear.issue.archive', 'trashed'],
  ] as const) {
    it(`an issue created (undo: ${undo}) then put away by ${then} ends ${ends}, and a second rollback sends nothing`, async () => {
      const { runtime, simulator } = await setup();
      const session = await runtime.startSession({ agentId: 'agent' });
      const created = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Scratch issue', undo })) as { id: string };
      await session.run(then, { id: created.id });
      await session.end();

      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
        [then, 'verified'],
        ['linear.issue.create', 'verified'],
      ]);
      expect(where(simulator.state.issues.get(created.id))).toBe(ends);

      const writes = new Map(simulator.state.committed);
      const again = await runtime.rollback(session.id);
      expect(again.steps.map((step) => step.status)).toEqual(['already-undone', 'already-undone']);
      expect(simulator.state.committed).toEqual(writes);
      expect(where(simulator.state.issues.get(created.id))).toBe(ends);
    });
  }

  it('an issue the agent archived, then trashed, comes back active: the trash undone into the archive, then the archive undone', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.archive', { id });
    await session.run('linear.issue.delete', { id });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['linear.issue.delete', 'verified'],
      ['linear.issue.archive', 'verified'],
    ]);
    expect(where(simulator.state.issues.get(id))).toBe('active');
    expect(simulator.state.committed.get('issueArchive')).toBe(2);
  });
});

describe("linear: a person's trash after the agent's archive", () => {
  it('is kept by the plan (the lifecycle and the archive the trash holds are theirs), a conflict when run, and again by a later rollback', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const session = await runtime.startSession({ agentId: 'agent' });
    await session.run('linear.issue.archive', { id });
    await session.end();
    await human.deleteIssue(id);

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'none' });
    expect(plan.steps[0]!.fields).toContainEqual(expect.objectContaining({ field: 'lifecycle', pre: 'active', post: 'archived', current: 'trashed', decision: 'keep' }));
    expect(plan.steps[0]!.fields).toContainEqual(expect.objectContaining({ field: 'archived', decision: 'keep', setSince: `set again by ${simulator.seed.users.human}` }));

    for (let attempt = 0; attempt < 2; attempt += 1) {
      const report = await runtime.rollback(session.id);
      expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
      expect(report.residue.join('\n')).toMatch(/left in place, someone changed lifecycle, archived \(set again by [0-9a-f-]+\) since the agent did/);
      expect(where(simulator.state.issues.get(id))).toBe('trashed');
    }
    expect(simulator.state.committed.get('issueUnarchive')).toBeUndefined();
  });
});

describe('linear: undo steps journaled before the lifecycle was compared', () => {
  // Those compared `archived` and `trashed` alone and stage `{ id }`: the engine adds the flags it restores.
  async function runOld({ adapter, simulator }: Awaited<ReturnType<typeof setup>>, values: Record<string, boolean>, planned: 'as read' | 'none') {
    const id = simulator.seed.issues['ENG-2']!;
    const pre: Snapshot | null | undefined = planned === 'as read' ? await readIssue(adapter.client, id) : undefined;
    const operation = compensations['linear.issue.unarchive']!;
    const input = { id, values };
    expect(operation.input!.safeParse(input).success).toBe(true);
    return operation.run(input, { client: adapter.client, idempotencyKey: 'compensate:old', clock: scaledClock(100), ...(pre === undefined ? {} : { pre }) });
  }

  for (const planned of ['as read', 'none'] as const) {
    it(`an old archive's undo leaves a person's trash as it is (planned state: ${planned})`, async () => {
      const environment = await setup();
      const { simulator, human } = environment;
      const id = simulator.seed.issues['ENG-2']!;
      await human.archiveIssue(id);
      await human.deleteIssue(id);
      const report = await runOld(environment, { archived: false }, planned);
      expect(report).toMatchObject({ keptBecause: expect.stringMatching(/ENG-2 is in the trash, put there by someone else since the agent archived it/) });
      expect(where(simulator.state.issues.get(id))).toBe('trashed');
    });

    it(`an old trash's undo puts an issue archived before back in the archive (planned state: ${planned})`, async () => {
      const environment = await setup();
      const { simulator, human } = environment;
      const id = simulator.seed.issues['ENG-2']!;
      await human.archiveIssue(id);
      await human.deleteIssue(id);
      const report = await runOld(environment, { trashed: false }, planned);
      expect(report).toMatchObject({ observed: expect.objectContaining({ archived: true, trashed: false, lifecycle: 'archived' }) });
      expect(where(simulator.state.issues.get(id))).toBe('archived');
    });
  }

  it("an old trash's undo of an active issue brings it back active, as before", async () => {
    const environment = await setup();
    const { simulator, human } = environment;
    const id = simulator.seed.issues['ENG-2']!;
    await human.deleteIssue(id);
    const report = await runOld(environment, { archived: false, trashed: false }, 'as read');
    expect(report).toMatchObject({ observed: expect.objectContaining({ archived: false, trashed: false, lifecycle: 'active' }) });
    expect(where(simulator.state.issues.get(id))).toBe('active');
  });

  it('a value outside the three the inverse restores is refused', () => {
    const operation = compensations['linear.issue.unarchive']!;
    expect(operation.input!.safeParse({ id: 'ENG-2', values: { title: 'x' } }).success).toBe(false);
    expect(operation.input!.safeParse({ id: 'ENG-2', values: { lifecycle: 'deleted' } }).success).toBe(false);
    expect(operation.input!.safeParse({ id: 'ENG-2', left: 'archived', values: { lifecycle: 'active', archived: false } }).success).toBe(true);
  });
});
