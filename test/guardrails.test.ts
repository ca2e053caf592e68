// Guardrails end to end: policy decisions journaled, approvals that gate the write, and a kill switch
// that another process sharing the journal obeys.
import { describe, expect, it } from 'vitest';
import { agentRateCap, allowActions, blastRadiusCap, createRuntime, denyActions, requireApprovalAboveValue, requireApprovalForIrreversible, requireHumanForLowConfidence } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { HUMAN_TOKEN, createRig, tempJournalPath } from './support/rig.js';
import { spawnAgent } from './support/spawn-agent.js';

describe('approvals', () => {
  it('holds an irreversible action until a human approves it, then the agent’s retry runs it once', async () => {
    const { runtime, service, journal } = createRig({ policy: [requireApprovalForIrreversible()] });
    const note = await service.create(HUMAN_TOKEN, { title: 'keep?', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    const refused = await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'del-1' }).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'approval_required', details: { requestId: expect.any(String), rule: 'approval-for-irreversible' } });
    expect(service.inspect()).toHaveLength(1);
    const requestId = (refused as { details: { requestId: string } }).details.requestId;

    // Asking again before a decision neither runs it nor files a second request.
    await expect(session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'del-1' })).rejects.toMatchObject({ code: 'approval_required', details: { requestId } });
    expect((await runtime.approvals.list()).map((request) => request.requestId)).toEqual([requestId]);

    await runtime.approvals.approve(requestId, { by: 'ops@example.com', note: 'stale note' });
    expect(await runtime.approvals.list()).toEqual([]);
    await expect(session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'del-1' })).resolves.toBeDefined();
    expect(service.inspect()).toEqual([]);
    const intent = (await journal.keyEntries('del-1')).find((entry) => entry.type === 'action.intent')!;
    expect(intent.data).toMatchObject({ policy: { decision: 'approved', approvalRequestId: requestId } });
    const granted = (await journal.keyEntries('del-1')).find((entry) => entry.type === 'approval.granted')!;
    expect(granted.data).toMatchObject({ by: 'ops@example.com', note: 'stale note' });
  });

  it('an approval is for that input: the same key with other input is still a conflict', async () => {
    const { runtime, service } = createRig({ policy: [requireApprovalForIrreversible()] });
    const one = await service.create(HUMAN_TOKEN, { title: 'one', body: '', tags: [] });
    const two = await service.create(HUMAN_TOKEN, { title: 'two', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    const refused = (await session.run('notes.note.delete', { id: one.id }, { idempotencyKey: 'k' }).catch((error: unknown) => error)) as { details: { requestId: string } };
    await runtime.approvals.approve(refused.details.requestId, { by: 'ops' });
    await expect(session.run('notes.note.delete', { id: two.id }, { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'idempotency_conflict' });
    expect(service.inspect()).toHaveLength(2);
  });

  it('a denied request fails with approval_denied; deciding twice or an unknown request is a clear error', async () => {
    const { runtime, service } = createRig({ policy: [requireApprovalForIrreversible()] });
    const note = await service.create(HUMAN_TOKEN, { title: 'x', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    const refused = (await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'k' }).catch((error: unknown) => error)) as { details: { requestId: string } };
    await runtime.approvals.deny(refused.details.requestId, { by: 'ops', reason: 'that note is the contract' });
    await expect(session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'k' })).rejects.toThrow(/denied by ops: that note is the contract/);
    await expect(runtime.approvals.approve(refused.details.requestId, { by: 'ops' })).rejects.toMatchObject({ code: 'approval_not_found' });
    await expect(runtime.approvals.deny('nope', { by: 'ops', reason: 'x' })).rejects.toMatchObject({ code: 'approval_not_found' });
    expect(service.inspect()).toHaveLength(1);
  });

  it('an expired approval fails with approval_expired', async () => {
    const { runtime, service } = createRig({ policy: [requireApprovalForIrreversible()] });
    const note = await service.create(HUMAN_TOKEN, { title: 'x', body: '', tags: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    const refused = (await session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'k' }).catch((error: unknown) => error)) as { details: { requestId: string } };
    await runtime.approvals.approve(refused.details.requestId, { by: 'ops', expiresInMs: -1 });
    await expect(session.run('notes.note.delete', { id: note.id }, { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'approval_expired' });
  });
});

describe('policy rules', () => {
  it('journals a block with the rule that made it and sends nothing', async () => {
    const { runtime, journal, service } = createRig({ policy: [denyActions(['notes.note.delete'])] });
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.delete', { id: 'n1' })).rejects.toMatchObject({ code: 'blocked' });
    const blocked = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.blocked')!;
    expect(blocked.data).toMatchObject({ rule: 'deny-list', reason: 'notes.note.delete is on the deny list' });
    expect(service.stats.writes).toBe(0);
  });

  it('the first non-allow answer wins, in order', async () => {
    const { runtime } = createRig({ policy: [allowActions(['notes.*']), requireApprovalAboveValue(100), denyActions(['notes.note.create'])] });
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.create', { title: 'x' }, { valueAtRisk: 500 })).rejects.toMatchObject({ code: 'approval_required' });
    await expect(session.run('notes.note.create', { title: 'x' }, { valueAtRisk: 5 })).rejects.toMatchObject({ code: 'blocked' });
  });

  it('an action that declares its value at risk from its input is held without the agent passing it, and the agent cannot talk it down', async () => {
    const service = new NotesService();
    const notes = createNotesAdapter({ service });
    // A note whose tags name an amount stands in for a refund: its value at risk is in its own input.
    const priced = { ...notes, actions: notes.actions.map((action) => (action.name === 'notes.note.create' ? { ...action, valueAtRisk: (input: { tags: string[] }) => Number(input.tags[0] ?? 0) } : action)) };
    const path = tempJournalPath();
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [priced], policy: [requireApprovalAboveValue(500)] });
    const session = await runtime.startSession({ agentId: 'refunds' });
    await expect(session.run('notes.note.create', { title: 'refund ACME', tags: ['47000'] })).rejects.toMatchObject({ code: 'approval_required', message: expect.stringMatching(/value at risk 47000 exceeds 500/) });
    await expect(session.run('notes.note.create', { title: 'refund ACME again', tags: ['47000'] }, { valueAtRisk: 10 })).rejects.toMatchObject({ code: 'approval_required' });
    await expect(session.run('notes.note.create', { title: 'refund Initech', tags: ['20'] })).resolves.toBeDefined();
    expect(service.inspect().map((note) => note.title)).toEqual(['refund Initech']);
    // The journal keeps the figure policy saw.
    const intents = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.intent');
    expect(intents.map((entry) => (entry.data as { valueAtRisk: number | null }).valueAtRisk)).toEqual([20]);
  });

  it('sends low confidence with a high reversal cost to a human', async () => {
    const { runtime } = createRig({ policy: [requireHumanForLowConfidence({ minConfidence: 0.85, maxReversalCost: 1000 })] });
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.create', { title: 'refund' }, { confidence: 0.6, valueAtRisk: 5000 })).rejects.toMatchObject({ code: 'approval_required' });
    await expect(session.run('notes.note.create', { title: 'refund' }, { confidence: 0.95, valueAtRisk: 5000 })).resolves.toBeDefined();
  });

  it('caps a session’s blast radius and an agent’s rate', async () => {
    const { runtime } = createRig({ policy: [blastRadiusCap({ perProvider: { notes: 2 } })] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: '1' });
    await session.run('notes.note.create', { title: '2' });
    await expect(session.run('notes.note.create', { title: '3' })).rejects.toThrow(/touched 2 notes resources; the cap is 2/);

    const limited = createRig({ policy: [agentRateCap({ maxActions: 1, windowMs: 60_000 })] });
    const agent = await limited.runtime.startSession({ agentId: 'busy' });
    await agent.run('notes.note.create', { title: '1' });
    await expect(agent.run('notes.note.create', { title: '2' })).rejects.toMatchObject({ code: 'blocked' });
  });

  it('rejects malformed rules and thresholds that are not numbers, changing nothing', () => {
    expect(() => requireApprovalAboveValue('100' as never)).toThrow(/threshold must be a number/);
    expect(() => requireHumanForLowConfidence({ minConfidence: 2, maxReversalCost: 1 })).toThrow(/minConfidence must be a number >= 0 <= 1/);
    expect(() => denyActions('notes.*' as never)).toThrow(/list of action names/);
    expect(() => createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [], policy: [{ name: 'x' } as never] })).toThrow(/policy rule 0 is malformed/);
  });

  it('requires approval for irreversible actions by default', async () => {
    const service = new NotesService();
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [createNotesAdapter({ service })] });
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.delete', { id: 'n1' })).rejects.toMatchObject({ code: 'approval_required' });
  });
});

describe('kill switch', () => {
  it('refuses every later action in scope, and resume lifts it', async () => {
    const { runtime, service } = createRig();
    const one = await runtime.startSession({ agentId: 'rogue' });
    const other = await runtime.startSession({ agentId: 'fine' });
    await runtime.kill({ scope: { agentId: 'rogue' }, reason: 'looping', by: 'ops' });
    await expect(one.run('notes.note.create', { title: 'x' })).rejects.toThrow(/kill switch for agent rogue \(looping, by ops\)/);
    await expect(other.run('notes.note.create', { title: 'y' })).resolves.toBeDefined();
    await runtime.resume({ scope: { agentId: 'rogue' }, by: 'ops' });
    await expect(one.run('notes.note.create', { title: 'x' })).resolves.toBeDefined();
    expect(service.inspect()).toHaveLength(2);
  });

  it('with rollback: true rolls the killed session back', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'rogue' });
    await session.run('notes.note.create', { title: 'x' });
    const { rolledBack } = await runtime.kill({ scope: { sessionId: session.id }, reason: 'bad', by: 'ops', rollback: true });
    expect(rolledBack.map((report) => report.byOutcome.verified)).toEqual([1]);
    expect(service.inspect()).toEqual([]);
    await expect(runtime.kill({ scope: { bogus: 1 } as never, reason: 'x', by: 'y' })).rejects.toThrow(/kill scope must be/);
  });

  it('with rollback: true rolls an agent’s sessions that ran at once back as one, every write newest first', async () => {
    const { runtime, service } = createRig();
    // One note written by two sessions of the agent in turn: the first files it, the second renames it,
    // the first renames it again. One session at a time, each met the other's edit and left the note.
    const first = await runtime.startSession({ agentId: 'rogue' });
    const second = await runtime.startSession({ agentId: 'rogue' });
    const note = (await first.run('notes.note.create', { title: 'Q3 plan' })) as { id: string };
    await second.run('notes.note.update', { id: note.id, title: 'Q3 plan (draft)' });
    await first.run('notes.note.update', { id: note.id, title: 'Q3 plan (final)' });
    const { rolledBack } = await runtime.kill({ scope: { agentId: 'rogue' }, reason: 'bad', by: 'ops', rollback: true });
    expect(service.inspect()).toEqual([]);
    expect(rolledBack.map((report) => [report.sessions.sort(), report.counts.undone, report.counts.conflicts])).toEqual([[[first.id, second.id].sort(), 3, 0]]);
  });

  it('is seen by another process sharing the SQLite journal', async () => {
    const path = tempJournalPath();
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [createNotesAdapter({ service: new NotesService() })], policy: [] });
    const agent = spawnAgent(path, 'worker-7');
    await agent.line('running');
    await runtime.kill({ scope: { agentId: 'worker-7' }, reason: 'incident 42', by: 'ops' });
    const refusal = await agent.line('refused');
    expect(refusal).toMatch(/kill switch for agent worker-7 \(incident 42, by ops\)/);
  }, 30_000);
});

describe('kill switch: calls in flight', () => {
  it('aborts an agent call in flight when another process kills the agent, and records that it may have landed', async () => {
    const { runtime: operator, path, service } = createRig();
    const notes = createNotesAdapter({ service });
    // A provider that never answers: only the abort signal ends the call.
    const stuck = {
      ...notes,
      actions: notes.actions.map((action) =>
        action.name === 'notes.note.create'
          ? {
              ...action,
              execute: (_input: unknown, context: { signal?: AbortSignal }) =>
                new Promise((_resolve, reject) => context.signal?.addEventListener('abort', () => reject(context.signal!.reason))),
            }
          : action,
      ),
    };
    const agent = createRuntime({ journal: createSqliteJournal({ path }), adapters: [stuck], policy: [], killSwitchPollMs: 50 });
    const session = await agent.startSession({ agentId: 'stuck-bot' });
    const call = session.run('notes.note.create', { title: 'never answered' }).catch((error: { code: string }) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await operator.kill({ scope: { agentId: 'stuck-bot' }, reason: 'hung', by: 'ops' });
    const outcome = await Promise.race([call, new Promise((resolve) => setTimeout(() => resolve('still waiting'), 5000))]);
    expect(outcome).toMatchObject({ code: 'killed' });
    const entries = await agent.journal.sessionEntries(session.id);
    expect(entries.at(-1)).toMatchObject({ type: 'action.unknown', data: { killed: true } });
  });
});
