// Content at rest: with encryption the journal file holds no agent content in clear, rollbacks still
// work, and dropping an old key ends that content's retention without breaking the chain; with
// redaction the operator-facing copies are gone and what a rollback needs is sealed.
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createContentKey, createRuntime, type ContentProtection } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { AGENT_TOKEN, tempJournalPath } from './support/rig.js';

function deployment(content: ContentProtection, path = tempJournalPath(), service = new NotesService()) {
  const journal = createSqliteJournal({ path });
  const runtime = createRuntime({ journal, adapters: [createNotesAdapter({ service, token: AGENT_TOKEN })], policy: [], content });
  return { runtime, journal, path, service };
}

const fileText = (path: string) => [path, `${path}-wal`].filter((file) => existsSync(file)).map((file) => readFileSync(file).toString('latin1')).join('');

describe('content at rest', () => {
  it('seals inputs, states and inverses: the file holds none of it, and the rollback still works', async () => {
    const keys = { current: '2026-12', keys: { '2026-12': createContentKey() } };
    const { runtime, path, service } = deployment({ mode: 'encrypt', ...keys });
    const session = await runtime.startSession({ agentId: 'a' });
    const note = await session.run('notes.note.create', { title: 'Quarterly numbers', body: 'Revenue fell 12 percent' }, { reasoning: 'the CFO asked for a summary' });
    await session.run('notes.note.update', { id: note.id, body: 'Revenue rose 3 percent' });
    await session.end();
    const text = fileText(path);
    for (const secret of ['Quarterly numbers', 'Revenue fell', 'Revenue rose', 'the CFO asked']) expect(text).not.toContain(secret);

    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 2, failed: 0 });
    expect(service.inspect()).toEqual([]);
    expect((await runtime.journal.verify()).ok).toBe(true);
  });

  it('ends the retention of a period by dropping its key: the chain verifies, the step is expired and nothing runs', async () => {
    const oldKey = createContentKey();
    const first = deployment({ mode: 'encrypt', current: '2026-11', keys: { '2026-11': oldKey } });
    const session = await first.runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'Old content' });
    await session.end();
    await first.journal.close();

    const later = deployment({ mode: 'encrypt', current: '2026-12', keys: { '2026-12': createContentKey() } }, first.path, first.service);
    expect((await later.runtime.journal.verify()).ok).toBe(true);
    const plan = await later.runtime.planRollback(session.id);
    expect(plan.steps[0]).toMatchObject({ status: 'expired', reason: expect.stringMatching(/content key 2026-11, which is not held/) });
    const report = await later.runtime.rollback(session.id);
    expect(report.executed).toBe(0);
    expect(first.service.inspect()).toHaveLength(1);
  });

  it('redacts the operator-facing copies and seals what a rollback needs', async () => {
    const { runtime, path, service } = deployment({ mode: 'redact', current: 'k1', keys: { k1: createContentKey() } });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'Private title' }, { reasoning: 'a private reason' });
    await session.end();
    expect(fileText(path)).not.toContain('Private title');
    const committed = (await runtime.journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed')!;
    expect(committed.data).toMatchObject({ post: '[redacted]', compensation: { $sealed: expect.any(String) } });
    await runtime.rollback(session.id);
    expect(service.inspect()).toEqual([]);
  });
});
