// The rollback engine on the notes provider: three-way restore, conflicts, order, retries, verification,
// residue, idempotent re-runs, crash resume, and refusals.
import { describe, expect, it } from 'vitest';
import { createRuntime, type Adapter } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter, openJournalFile } from '@backspace/testkit';
import { AGENT_TOKEN, HUMAN_TOKEN, createRig, manualClock } from './support/rig.js';

describe('rollback', () => {
  it('undoes a session: created notes deleted, updated fields restored, each step verified', async () => {
    const { runtime, service } = createRig();
    const existing = await service.create(HUMAN_TOKEN, { title: 'Runbook', body: 'steps', tags: ['ops'] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'Agent scratch' });
    await session.run('notes.note.update', { id: existing.id, body: 'wrong steps', tags: ['ops', 'agent'] });
    await session.end();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([
      ['notes.note.update', 'undo'],
      ['notes.note.create', 'undo'],
    ]);
    expect(plan.blastRadius).toMatchObject({ resources: 2, byProvider: { notes: 2 } });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
    expect(service.inspect().map(({ title, body, tags }) => ({ title, body, tags }))).toEqual([{ title: 'Runbook', body: 'steps', tags: ['ops'] }]);
  });

  it('restores only the fields still holding the agent’s value and keeps a human’s later edit', async () => {
    const { runtime, service } = createRig();
    const note = await service.create(HUMAN_TOKEN, { title: 'Spec', body: 'draft', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.update', { id: note.id, title: 'Spec (agent)', body: 'agent body' });
    await session.end();
    await service.update(HUMAN_TOKEN, note.id, { body: 'human fixed the body' });

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'partial' });
    expect(plan.steps[0]!.fields!.map(({ field, decision }) => [field, decision])).toEqual([
      ['title', 'restore'],
      ['body', 'keep'],
    ]);
    const report = await runtime.rollback(session.id);
    expect(report.steps[0]!.outcome).toBe('verified');
    expect(service.inspect()[0]).toMatchObject({ title: 'Spec', body: 'human fixed the body' });
  });

  it('does not delete what others built on: uses the gentler inverse, and deletes only when forced', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const created = await session.run<{ id: string }>('notes.note.create', { title: 'Agent note' });
    await session.end();
    await service.comment(HUMAN_TOKEN, created.id, 'I replied to this');

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'conflict', remedy: 'gentler' });
    expect(plan.steps[0]!.reason).toMatch(/comments changed/);
    expect(plan.residue.join('\n')).toMatch(/archived/);
    const report = await runtime.rollback(session.id);
    expect(report.steps[0]).toMatchObject({ status: 'conflict', outcome: 'corrected', remedy: 'gentler' });
    expect(report.counts).toMatchObject({ undone: 0, corrected: 1 });
    expect(report.summary).toMatch(/^0 undone and verified, 1 corrected with a gentler inverse/);
    expect(service.inspect()[0]).toMatchObject({ status: 'archived', comments: [{ text: 'I replied to this' }] });

    const forcedRig = createRig();
    const forcedSession = await forcedRig.runtime.startSession({ agentId: 'a' });
    const forcedNote = await forcedSession.run<{ id: string }>('notes.note.create', { title: 'Agent note' });
    await forcedSession.end();
    await forcedRig.service.comment(HUMAN_TOKEN, forcedNote.id, 'reply');
    const forced = await forcedRig.runtime.rollback(forcedSession.id, { force: true });
    expect(forced.steps[0]).toMatchObject({ remedy: 'inverse', outcome: 'verified' });
    expect(forcedRig.service.inspect()).toEqual([]);
  });

  it('undoes several agent writes to one resource newest first, keeping a human edit made between them', async () => {
    const { runtime, service } = createRig();
    const note = await service.create(HUMAN_TOKEN, { title: 'T0', body: 'B0', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.update', { id: note.id, title: 'T1' });
    await service.update(HUMAN_TOKEN, note.id, { body: 'B-human' });
    await session.run('notes.note.update', { id: note.id, title: 'T2', body: 'B2' });
    await session.end();
    await runtime.rollback(session.id);
    expect(service.inspect()[0]).toMatchObject({ title: 'T0', body: 'B-human' });
  });

  it('a second rollback changes nothing and says so', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'x' });
    await session.end();
    await runtime.rollback(session.id);
    const writes = service.stats.writes;
    const again = await runtime.rollback(session.id);
    expect(again.executed).toBe(0);
    expect(again.summary).toMatch(/nothing to undo/);
    expect(again.steps[0]).toMatchObject({ status: 'already-undone', outcome: 'skipped' });
    expect(service.stats.writes).toBe(writes);
  });

  it('reports irreversible and expired steps as residue, with a line each', async () => {
    const clock = manualClock();
    const { runtime, service } = createRig({ clock, createUndoWindowMs: 60_000 });
    const doomed = await service.create(HUMAN_TOKEN, { title: 'Old', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'Posted' });
    await session.run('notes.note.delete', { id: doomed.id });
    await session.end();
    clock.advance(120_000);
    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => step.status)).toEqual(['irreversible', 'expired']);
    expect(plan.residue).toEqual([
      expect.stringMatching(/notes.note.delete on notes.note:n1: irreversible/),
      expect.stringMatching(/notes.note.create on notes.note:n2: the inverse expired at/),
    ]);
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ skipped: 2, verified: 0 });
  });

  it('uses the declared after-expiry inverse once the exact one has expired', async () => {
    const clock = manualClock();
    const service = new NotesService({ clock });
    const base = createNotesAdapter({ service, token: AGENT_TOKEN, createUndoWindowMs: 60_000 });
    const create = base.actions.find((action) => action.name === 'notes.note.create')!;
    const withFallback: Adapter = {
      ...base,
      actions: base.actions.map((action) =>
        action !== create ? action : { ...create, compensation: (args) => {
          const exact = create.compensation(args)!;
          return { ...exact, afterExpiry: { ...exact.gentler!, description: `archive note ${args.resource.id}: too late to delete` } };
        } },
      ),
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [withFallback], policy: [], clock });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'late' });
    await session.end();
    clock.advance(120_000);
    const report = await runtime.rollback(session.id);
    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified', reason: expect.stringMatching(/too late to delete/) });
    expect(service.inspect()[0]).toMatchObject({ status: 'archived' });
  });

  it('retries rate-limited compensations and still verifies them', async () => {
    const clock = manualClock();
    const { runtime, service } = createRig({ clock });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'one' });
    await session.run('notes.note.create', { title: 'two' });
    await session.end();
    service.injectFaults('rate-limited', 'rate-limited', 'rate-limited');
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome.verified).toBe(2);
    expect(service.inspect()).toEqual([]);
  });

  it('marks a step that keeps failing as failed, runs the rest, and says what is left', async () => {
    const clock = manualClock();
    const { runtime, service } = createRig({ clock });
    const base = await service.create(HUMAN_TOKEN, { title: 'base', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'independent' });
    await session.run('notes.note.update', { id: base.id, title: 'agent title' });
    await session.end();
    service.injectFaults(...Array(5).fill('server-error'));
    const report = await runtime.rollback(session.id, { concurrency: 1 });
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['notes.note.update', 'failed'],
      ['notes.note.create', 'verified'],
    ]);
    expect(report.residue.join('\n')).toMatch(/notes.note.update on notes.note:n1: compensation failed and is left to do/);
  });

  it('never calls a step verified when the resource does not hold the expected state afterwards', async () => {
    const service = new NotesService();
    const honest = createNotesAdapter({ service, token: AGENT_TOKEN });
    const liar: Adapter = { ...honest, compensations: { ...honest.compensations, 'notes.note.delete': { run: async () => undefined } } };
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [liar], policy: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'sticky' });
    await session.end();
    const report = await runtime.rollback(session.id);
    expect(report.steps[0]).toMatchObject({ outcome: 'failed', error: { code: 'compensation_failed' } });
  });

  it('keeps a value a person set back after the agent undid its own change, older steps included', async () => {
    const { runtime, service } = createRig();
    const note = await service.create(HUMAN_TOKEN, { title: 'Spec', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.update', { id: note.id, title: 'Spec v2' });
    await session.run('notes.note.update', { id: note.id, title: 'Spec' });
    await session.end();
    // A person decides the agent's first idea was right after all.
    await service.update(HUMAN_TOKEN, note.id, { title: 'Spec v2' });
    const report = await runtime.rollback(session.id);
    expect(service.inspect().find((stored) => stored.id === note.id)!.title).toBe('Spec v2');
    expect(report.counts.undone).toBe(0);
    expect(report.steps.map((step) => step.status)).toEqual(['already-undone', 'conflict']);
  });

  it('plans with batched reads where the adapter reads many at once, and reads what a batch left out one by one', async () => {
    const { service, path } = createRig();
    const notes = createNotesAdapter({ service, token: AGENT_TOKEN });
    const calls = { many: 0, single: 0 };
    const batched = {
      ...notes,
      read: async (resource: Parameters<typeof notes.read>[0]) => {
        calls.single += 1;
        return notes.read(resource);
      },
      // Leaves out one note on purpose: the planner must read it on its own.
      readMany: async (resources: Parameters<typeof notes.read>[0][]) => {
        calls.many += 1;
        const found = new Map<string, Awaited<ReturnType<typeof notes.read>>>();
        for (const resource of resources) if (resource.id !== 'n7') found.set(`notes.note:${resource.id}`, await notes.read(resource));
        return found;
      },
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [batched], policy: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    for (let index = 0; index < 120; index += 1) await session.run('notes.note.create', { title: `note ${index}` });
    await session.end();
    calls.single = 0;
    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.filter((step) => step.status === 'undo')).toHaveLength(120);
    expect(calls).toEqual({ many: 3, single: 1 });
  });

  it('refuses unknown sessions, running sessions (unless forced) and a journal that does not verify', async () => {
    const { runtime, path, service } = createRig();
    await expect(runtime.planRollback('no-such-session')).rejects.toMatchObject({ code: 'session_not_found' });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'x' });
    await expect(runtime.rollback(session.id)).rejects.toMatchObject({ code: 'session_active' });
    expect((await runtime.planRollback(session.id, { force: true })).steps).toHaveLength(1);
    await session.end();

    const raw = openJournalFile(path);
    raw.exec("DROP TRIGGER entries_no_update; UPDATE entries SET data = '{}' WHERE seq = 1");
    raw.close();
    await expect(runtime.rollback(session.id)).rejects.toThrow(/entry 1 .*refusing to roll back/);
    expect(service.inspect()).toHaveLength(1);
  });
});
