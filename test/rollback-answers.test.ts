// Verification by the inverse's own answer (issue #19): a step whose write answers with the new state
// is checked against that answer instead of a read-back; an answer that does not show every expected
// field is read back; an answer that contradicts the expectation fails the step; and what an inverse
// could not put back exactly reaches the report as residue. Read back through the notes service itself.
import { describe, expect, it } from 'vitest';
import { compensationOperations, createRuntime, type Adapter, type CompensationReport, type Snapshot } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { AGENT_TOKEN, HUMAN_TOKEN } from './support/rig.js';

/** The notes adapter whose restore answers with `report(values)`, counting reads made after planning. */
function answering(service: NotesService, report: (values: Record<string, unknown>) => CompensationReport | void) {
  const adapter = createNotesAdapter({ service, token: AGENT_TOKEN });
  const restore = compensationOperations(adapter)['notes.note.restore']!;
  let reads = 0;
  const wrapped: Adapter = {
    ...adapter,
    read: async (resource) => ((reads += 1), adapter.read(resource)),
    compensations: {
      ...adapter.compensations,
      'notes.note.restore': { ...restore, run: async (input, context) => (await restore.run(input, context), report(input.values)) },
    },
  };
  return { adapter: wrapped, reads: () => reads };
}

async function undoAnUpdate(report: (values: Record<string, unknown>) => CompensationReport | void) {
  const service = new NotesService();
  const note = await service.create(HUMAN_TOKEN, { title: 'Runbook', body: 'steps', tags: [] });
  const { adapter, reads } = answering(service, report);
  const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'a' });
  await session.run('notes.note.update', { id: note.id, body: 'wrong steps' });
  await session.end();
  await runtime.planRollback(session.id);
  const planned = reads();
  const result = await runtime.rollback(session.id);
  return { result, readsToRun: reads() - planned * 2, body: service.inspect()[0]!.body };
}

describe('a rollback step verified by its write’s answer', () => {
  it('is not read back when the answer shows every expected field', async () => {
    const { result, readsToRun, body } = await undoAnUpdate((values) => ({ observed: { ...(values as Snapshot) } }));
    expect(result.steps[0]!.outcome).toBe('verified');
    expect(body).toBe('steps');
    // Planning read it once; nothing after the write.
    expect(readsToRun).toBe(0);
  });

  it('is read back when the answer leaves an expected field out', async () => {
    const { result, readsToRun } = await undoAnUpdate(() => ({ observed: { title: 'Runbook' } }));
    expect(result.steps[0]!.outcome).toBe('verified');
    expect(readsToRun).toBe(1);
  });

  it('fails when the answer shows another state than the expected one', async () => {
    const { result } = await undoAnUpdate(() => ({ observed: { body: 'not what was asked' } }));
    expect(result.steps[0]!.outcome).toBe('failed');
    expect(result.residue.join('\n')).toMatch(/compensation failed/);
  });

  it('reports what the inverse could not put back, and takes a substitute expectation only with it', async () => {
    const substituted = await undoAnUpdate(() => ({ observed: { body: 'a copy' }, expect: { fields: { body: 'a copy' } }, residue: ['the body came back as a copy'] }));
    expect(substituted.result.steps[0]!.outcome).toBe('verified');
    expect(substituted.result.residue).toContain(`notes.note.update on ${substituted.result.steps[0]!.resource}: the body came back as a copy`);
    expect(substituted.result.counts.residue).toBe(substituted.result.residue.length);
    // Without a residue line, a substitute expectation is ignored: the staged one is checked.
    const silent = await undoAnUpdate(() => ({ observed: { body: 'a copy' }, expect: { fields: { body: 'a copy' } } }));
    expect(silent.result.steps[0]!.outcome).toBe('failed');
  });
});
