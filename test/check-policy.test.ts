// runtime.checkPolicy as a framework's approval prompt uses it: asked before each call, it writes
// nothing to the journal, calls no provider, and says what session.run then does.
import { describe, expect, it } from 'vitest';
import { BackspaceError, agentRateCap, denyActions, requireApprovalForIrreversible, type JournalStore, type Runtime } from '@backspace/core';
import { HUMAN_TOKEN, createRig } from './support/rig.js';

async function entryCount(journal: JournalStore): Promise<number> {
  const report = await journal.verify();
  return report.entries;
}

/** checkPolicy, with proof that it left the journal and the provider as they were. */
async function checkWithoutTrace(runtime: Runtime, journal: JournalStore, stats: { reads: number; writes: number }, ...args: Parameters<Runtime['checkPolicy']>) {
  const before = { entries: await entryCount(journal), reads: stats.reads, writes: stats.writes };
  const check = await runtime.checkPolicy(...args);
  expect({ entries: await entryCount(journal), reads: stats.reads, writes: stats.writes }).toEqual(before);
  return check;
}

const codeOf = (error: unknown) => (BackspaceError.isInstance(error) ? error.code : String(error));

describe('runtime.checkPolicy', () => {
  it('allow, then run writes; a block rule, then run is blocked with the same rule', async () => {
    const { runtime, journal, service } = createRig({ policy: [denyActions(['notes.note.update'])] });
    const session = await runtime.startSession({ agentId: 'writer' });
    const allowed = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.create', { title: 'Plan', body: 'draft', tags: [] });
    expect(allowed).toEqual({ decision: 'allow', reason: null, rule: null });
    const created = await session.run<{ id: string }>('notes.note.create', { title: 'Plan', body: 'draft', tags: [] });
    expect(service.inspect().map((note) => note.title)).toEqual(['Plan']);

    const blocked = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.update', { id: created.id, title: 'Renamed' });
    expect(blocked).toMatchObject({ decision: 'block', rule: 'deny-list', code: 'blocked', reason: 'notes.note.update is on the deny list' });
    const refused = await session.run('notes.note.update', { id: created.id, title: 'Renamed' }).catch(codeOf);
    expect(refused).toBe(blocked.code);
    expect(service.inspect()[0]!.title).toBe('Plan');
  });

  it('require approval names the reason; after a person approves this input, allow, and the run writes once', async () => {
    const { runtime, journal, service } = createRig({ policy: [requireApprovalForIrreversible()] });
    const note = await service.create(HUMAN_TOKEN, { title: 'stale', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'cleaner' });
    const first = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' });
    expect(first).toEqual({ decision: 'require-approval', rule: 'approval-for-irreversible', reason: 'notes.note.delete cannot be undone' });

    const refused = (await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' }).catch((error: unknown) => error)) as BackspaceError;
    expect(refused.code).toBe('approval_required');
    const requestId = (refused.details as { requestId: string }).requestId;
    const waiting = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' });
    expect(waiting).toMatchObject({ decision: 'require-approval', approvalRequestId: requestId });

    await runtime.approvals.approve(requestId, { by: 'ops@example.com' });
    const approved = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' });
    expect(approved).toMatchObject({ decision: 'allow', approvalRequestId: requestId });
    // The approval is for that input under that key: other input is refused, and a new key asks again.
    const other = await service.create(HUMAN_TOKEN, { title: 'keep', body: '', tags: [] });
    expect(await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: other.id }, { idempotencyKey: 'call-1' })).toMatchObject({ decision: 'block', code: 'idempotency_conflict' });
    expect(await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: other.id }, { idempotencyKey: 'call-2' })).toMatchObject({ decision: 'require-approval' });

    await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' });
    expect(service.inspect().map((left) => left.title)).toEqual(['keep']);
    const replay = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: note.id }, { idempotencyKey: 'call-1' });
    expect(replay).toMatchObject({ decision: 'allow', replay: true });
  });

  it('a denied approval and a kill are blocks with the codes run throws', async () => {
    const { runtime, journal, service } = createRig({ policy: [requireApprovalForIrreversible()] });
    const note = await service.create(HUMAN_TOKEN, { title: 'keep me', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'cleaner' });
    const refused = (await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'del' }).catch((error: unknown) => error)) as BackspaceError;
    await runtime.approvals.deny((refused.details as { requestId: string }).requestId, { by: 'ops', reason: 'that note is in use' });
    const denied = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.delete', { id: note.id }, { idempotencyKey: 'del' });
    expect(denied).toMatchObject({ decision: 'block', code: 'approval_denied', rule: 'approval' });
    expect(await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'del' }).catch(codeOf)).toBe('approval_denied');

    await runtime.kill({ scope: { sessionId: session.id }, reason: 'runaway', by: 'ops' });
    const killed = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.create', { title: 'more', body: '', tags: [] });
    expect(killed).toMatchObject({ decision: 'block', code: 'killed', rule: 'kill-switch' });
    expect(killed.reason).toMatch(/runaway/);
    expect(await session.run('notes.note.create', { title: 'more', body: '', tags: [] }).catch(codeOf)).toBe('killed');
    expect(service.inspect().map((left) => left.title)).toEqual(['keep me']);
  });

  it('asking does not count against a rate cap; running does', async () => {
    const { runtime, journal, service } = createRig({ policy: [agentRateCap({ maxActions: 1, windowMs: 60_000 })] });
    const session = await runtime.startSession({ agentId: 'busy' });
    const input = { title: 'one', body: '', tags: [] };
    for (let asked = 0; asked < 3; asked += 1) expect((await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.create', input)).decision).toBe('allow');
    await session.run('notes.note.create', input);
    const capped = await checkWithoutTrace(runtime, journal, service.stats, session, 'notes.note.create', { ...input, title: 'two' });
    expect(capped).toMatchObject({ decision: 'block', rule: 'agent-rate-cap' });
    expect(await session.run('notes.note.create', { ...input, title: 'two' }).catch(codeOf)).toBe('blocked');
    expect(service.inspect().map((note) => note.title)).toEqual(['one']);
  });

  it('invalid input throws invalid_input and journals no rejected entry; a session it did not start is refused', async () => {
    const { runtime, journal, service } = createRig();
    const session = await runtime.startSession({ agentId: 'sloppy' });
    const before = await entryCount(journal);
    await expect(runtime.checkPolicy(session, 'notes.note.create', { title: 42 })).rejects.toMatchObject({ code: 'invalid_input' });
    expect(await entryCount(journal)).toBe(before);
    expect(service.stats.writes).toBe(0);
    const stranger = { id: session.id, agentId: 'sloppy', run: session.run, end: session.end };
    await expect(runtime.checkPolicy(stranger, 'notes.note.create', { title: 'x', body: '', tags: [] })).rejects.toMatchObject({ code: 'session_not_found' });
  });
});
