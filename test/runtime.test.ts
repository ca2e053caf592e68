// The write-ahead lifecycle and idempotency, end to end on a real SQLite journal and the notes provider.
import { existsSync, readFileSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BackspaceError, createRuntime, sessionTimeline, type Adapter, type JournalEntry } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { NotesService, createNotesAdapter } from '@backspace/testkit';
import { AGENT_TOKEN, HUMAN_TOKEN, createRig, manualClock, tempJournalPath } from './support/rig.js';
import { spawnWorker } from './support/spawn-agent.js';

const types = (entries: JournalEntry[]) => entries.map((entry) => entry.type);

describe('runtime lifecycle', () => {
  it('journals the intent before the write and the outcome after, with everything an operator needs', async () => {
    const { runtime, journal, service } = createRig();
    const session = await runtime.startSession({ agentId: 'support-bot', reason: 'triage', correlationId: 'ticket-7' });
    const note = await session.run<{ id: string }>('notes.note.create', { title: 'Refund policy', body: 'v1' }, { idempotencyKey: 'call-1', reasoning: 'customer asked', confidence: 0.9, valueAtRisk: 10 });
    await session.run('notes.note.update', { id: note.id, title: 'Refund policy v2' }, { idempotencyKey: 'call-2' });
    await session.end();

    const entries = await journal.sessionEntries(session.id);
    expect(types(entries)).toEqual(['session.started', 'action.intent', 'action.committed', 'action.intent', 'action.committed', 'session.ended']);
    const [, createIntent, createCommit, updateIntent, updateCommit] = entries as [JournalEntry, JournalEntry, JournalEntry, JournalEntry, JournalEntry, JournalEntry];
    expect(createIntent).toMatchObject({ agentId: 'support-bot', correlationId: 'ticket-7', action: 'notes.note.create', idempotencyKey: 'call-1' });
    expect(createIntent.data).toMatchObject({ input: { title: 'Refund policy', body: 'v1', tags: [] }, reasoning: 'customer asked', confidence: 0.9, valueAtRisk: 10, reversibility: 'compensatable', pre: null });
    expect(createCommit.data).toMatchObject({ result: { id: note.id }, post: { title: 'Refund policy' }, compensation: { operation: 'notes.note.delete' } });
    expect(updateIntent.data).toMatchObject({ pre: { title: 'Refund policy', body: 'v1' }, staged: { operation: 'notes.note.restore', expect: { fields: { title: 'Refund policy' } } } });
    expect(createIntent.data).toMatchObject({ staged: null });
    expect(updateCommit.data).toMatchObject({ post: { title: 'Refund policy v2' }, compensation: { strategy: 'restore-fields', fields: ['title'] } });
    expect(createIntent.seq).toBeLessThan(createCommit.seq);
    expect(Date.parse(createIntent.at)).not.toBeNaN();
    expect(service.inspect()).toHaveLength(1);
  });

  it('lists every registered action with its provider and reversibility class', () => {
    const { runtime } = createRig({ path: ':memory:' });
    expect(runtime.listActions().map(({ name, provider, reversibility }) => ({ name, provider, reversibility }))).toEqual([
      { name: 'notes.note.create', provider: 'notes', reversibility: 'compensatable' },
      { name: 'notes.note.delete', provider: 'notes', reversibility: 'irreversible' },
      { name: 'notes.note.update', provider: 'notes', reversibility: 'reversible' },
    ]);
  });

  it('rejects invalid input with a typed error naming the field, journals it, and never calls the provider', async () => {
    const { runtime, journal, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const error = await session.run('notes.note.create', { title: '', tags: [3] }).catch((caught: unknown) => caught);
    expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_input');
    expect((error as Error).message).toMatch(/title/);
    expect((error as Error).message).toMatch(/tags\.0/);
    expect(service.stats.writes).toBe(0);
    expect(types(await journal.sessionEntries(session.id))).toEqual(['session.started', 'action.rejected']);
  });

  it('names the known actions when asked for an unknown one', async () => {
    const { runtime } = createRig({ path: ':memory:' });
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.explode', {})).rejects.toThrow(/unknown action "notes.note.explode"; known actions: notes.note.create, notes.note.delete, notes.note.update/);
  });

  it('refuses actions after the session ended', async () => {
    const { runtime } = createRig({ path: ':memory:' });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.end();
    await expect(session.run('notes.note.create', { title: 'x' })).rejects.toMatchObject({ code: 'session_ended' });
  });
});

describe('an action without resource()', () => {
  // The notes adapter with `resource` taken off the actions that name their note by `target`: what a
  // connector writes for an update since `resource` defaults to `target`.
  const withoutResource = (service: NotesService) => {
    const adapter = createNotesAdapter({ service, token: AGENT_TOKEN });
    const actions = adapter.actions.map((action) => {
      if (!action.target) return action;
      const { resource: _resource, ...rest } = action;
      return rest;
    });
    return { ...adapter, actions } as Adapter;
  };

  it('is journaled on its target and rolled back there', async () => {
    const service = new NotesService();
    const runtime = createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [withoutResource(service)], retry: { baseDelayMs: 1 } });
    const note = await service.create(HUMAN_TOKEN, { title: 'Runbook', body: 'steps', tags: ['ops'] });
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.update', { id: note.id, title: 'Runbook (agent)', body: 'wrong steps' });
    await session.end();
    expect((await service.get(note.id))?.title).toBe('Runbook (agent)');

    const committed = (await runtime.journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed');
    expect(committed).toMatchObject({ action: 'notes.note.update', resource: `notes.note:${note.id}` });
    expect(committed?.data).toMatchObject({ post: { title: 'Runbook (agent)' }, compensation: { strategy: 'restore-fields', resource: { id: note.id } } });

    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['notes.note.update', 'verified']]);
    expect(service.inspect().map(({ id, title, body, tags }) => ({ id, title, body, tags }))).toEqual([{ id: note.id, title: 'Runbook', body: 'steps', tags: ['ops'] }]);
  });

  it('is refused at registration when it has no target either: the write would not know what it touched', () => {
    const service = new NotesService();
    const adapter = createNotesAdapter({ service, token: AGENT_TOKEN });
    const actions = adapter.actions.map((action) => {
      if (action.target) return action;
      const { resource: _resource, ...rest } = action;
      return rest;
    });
    expect(() => createRuntime({ journal: createSqliteJournal({ path: ':memory:' }), adapters: [{ ...adapter, actions } as Adapter] })).toThrow(
      expect.objectContaining({ code: 'invalid_config', message: 'action "notes.note.create" names its resource neither by resource() nor by target()' }),
    );
    expect(service.stats.writes).toBe(0);
  });
});

describe('bad input and runaway agents: typed errors, bounded journal', () => {
  it('refuses cyclic and absurdly deep input with a typed error and a rejected entry', async () => {
    const { runtime, journal, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const cyclic: Record<string, unknown> = { title: 'loop' };
    cyclic.self = cyclic;
    await expect(session.run('notes.note.create', cyclic)).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/self: refers back to itself/) });
    let deep: unknown = 'bottom';
    for (let level = 0; level < 5000; level += 1) deep = [deep];
    await expect(session.run('notes.note.create', { title: 'deep', tags: deep })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/deeper than 64/) });
    const rejected = (await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.rejected');
    expect(rejected).toHaveLength(2);
    expect(service.inspect()).toEqual([]);
  });

  it('names a bad run option instead of failing the journal', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    await expect(session.run('notes.note.create', { title: 'x' }, { idempotencyKey: { id: 1 } as never })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/options\.idempotencyKey/) });
    await expect(session.run('notes.note.create', { title: 'x' }, { confidence: 7 })).rejects.toMatchObject({ code: 'invalid_input', message: expect.stringMatching(/options\.confidence/) });
    expect(service.inspect()).toEqual([]);
  });

  it('keeps a bounded prefix and a hash of a 20 MB invalid input, not the input', async () => {
    const { runtime, journal, path } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const before = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    await expect(session.run('notes.note.create', { title: 'x'.repeat(20 * 1024 * 1024) })).rejects.toMatchObject({ code: 'invalid_input' });
    const after = statSync(path).size + (existsSync(`${path}-wal`) ? statSync(`${path}-wal`).size : 0);
    expect(after - before).toBeLessThan(200 * 1024);
    const rejected = (await journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.rejected')!;
    expect(rejected.data).toMatchObject({ input: { truncated: true, bytes: expect.any(Number), sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  });

  it('journals one refusal per kill, however often a killed agent retries', async () => {
    const { runtime, journal } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    await runtime.kill({ scope: { agentId: 'a' }, reason: 'incident', by: 'ops' });
    for (let attempt = 0; attempt < 200; attempt += 1) {
      await expect(session.run('notes.note.create', { title: `retry ${attempt}` })).rejects.toMatchObject({ code: 'killed' });
    }
    expect((await journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.blocked')).toHaveLength(1);
  });
});

describe('idempotency', () => {
  it('returns the recorded result for the same key and input without calling the provider again', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const first = await session.run('notes.note.create', { title: 'Once' }, { idempotencyKey: 'tool-call-1' });
    const second = await session.run('notes.note.create', { title: 'Once' }, { idempotencyKey: 'tool-call-1' });
    expect(second).toEqual(JSON.parse(JSON.stringify(first)));
    expect(service.stats.writes).toBe(1);
  });

  it('answers the same key with other input with idempotency_conflict', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'One' }, { idempotencyKey: 'k' });
    await expect(session.run('notes.note.create', { title: 'Two' }, { idempotencyKey: 'k' })).rejects.toMatchObject({ code: 'idempotency_conflict' });
    expect(service.inspect().map((note) => note.title)).toEqual(['One']);
  });

  it('answers a concurrent duplicate with in_flight and writes once', async () => {
    const { runtime, service } = createRig();
    const session = await runtime.startSession({ agentId: 'a' });
    const results = await Promise.allSettled([
      session.run('notes.note.create', { title: 'Twice?' }, { idempotencyKey: 'same' }),
      session.run('notes.note.create', { title: 'Twice?' }, { idempotencyKey: 'same' }),
    ]);
    expect(results.map((result) => result.status).sort()).toEqual(['fulfilled', 'rejected']);
    const rejected = results.find((result) => result.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ code: 'in_flight' });
    expect(service.inspect()).toHaveLength(1);
  });
});

describe('retries', () => {
  it('retries a rate-limited write after Retry-After and writes once', async () => {
    const { runtime, service } = createRig({ clock: manualClock() });
    service.injectFaults('rate-limited', 'rate-limited');
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'Eventually' });
    expect(service.inspect()).toHaveLength(1);
  });

  it('finds a write whose response was dropped after commit by its key instead of writing twice', async () => {
    const { runtime, journal, service } = createRig();
    service.injectFaults('drop-after-commit');
    const session = await runtime.startSession({ agentId: 'a' });
    const note = await session.run<{ id: string }>('notes.note.create', { title: 'Lost response' });
    expect(service.inspect().map((stored) => stored.id)).toEqual([note.id]);
    expect(types(await journal.sessionEntries(session.id))).toEqual(['session.started', 'action.intent', 'action.committed']);
  });

  it('resends after a 5xx only once the key lookup shows the first attempt never landed', async () => {
    const { runtime, service } = createRig();
    service.injectFaults('server-error');
    const session = await runtime.startSession({ agentId: 'a' });
    await session.run('notes.note.create', { title: 'After a 503' });
    expect(service.inspect()).toHaveLength(1);
  });

  it('an inverse that cannot be staged before the write is not silent: the intent and the timeline say why, the write still runs and is undone', async () => {
    const { service, path } = createRig();
    const notes = createNotesAdapter({ service, token: AGENT_TOKEN });
    // An update whose inverse reads the answer without checking for it: it throws when staged before the write.
    const careless = {
      ...notes,
      actions: notes.actions.map((action) =>
        action.name === 'notes.note.update' ? { ...action, compensation: (args: Parameters<typeof action.compensation>[0]) => ((args.result as { id: string }).id ? action.compensation(args) : null) } : action,
      ),
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [careless], policy: [], retry: { baseDelayMs: 1 } });
    const session = await runtime.startSession({ agentId: 'a' });
    const note = await session.run('notes.note.create', { title: 'Draft' });
    await session.run('notes.note.update', { id: note.id, title: 'Final' });
    await session.end();
    const intent = (await runtime.journal.sessionEntries(session.id)).filter((entry) => entry.type === 'action.intent')[1]!;
    expect(intent.data).toMatchObject({ staged: null, stagingError: expect.stringMatching(/^notes\.note\.update could not stage its inverse before the write: /) });
    // Once committed, the timeline shows the inverse built from the answer.
    const update = sessionTimeline(await runtime.journal.sessionEntries(session.id)).find((item) => 'action' in item && item.action === 'notes.note.update') as { inverse: string | null };
    expect(update.inverse).toMatch(/restore title/);
    await runtime.rollback(session.id);
    expect(service.inspect()).toEqual([]);
  });

  it('records a write whose read-back failed as committed, and undoes it from the state at planning', async () => {
    const { service, path } = createRig();
    const notes = createNotesAdapter({ service, token: AGENT_TOKEN });
    let readsFail = true;
    // An action that reads its post-state back (no post from the answer), and a provider whose reads fail for a while.
    const readingBack = {
      ...notes,
      read: async (resource: Parameters<typeof notes.read>[0]) => {
        if (readsFail) throw new BackspaceError('provider_error', 'notes: 503 on read', { isRetryable: true });
        return notes.read(resource);
      },
      actions: notes.actions.map((action) => (action.name === 'notes.note.create' ? { ...action, post: undefined } : action)),
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [readingBack], policy: [], retry: { baseDelayMs: 1 } });
    const session = await runtime.startSession({ agentId: 'a' });
    const created = await session.run('notes.note.create', { title: 'Read-back failed' });
    await session.end();
    const committed = (await runtime.journal.sessionEntries(session.id)).find((entry) => entry.type === 'action.committed');
    expect(committed?.data).toMatchObject({ postUnread: true });
    readsFail = false;
    const report = await runtime.rollback(session.id);
    expect(report.steps[0]).toMatchObject({ status: 'undo', outcome: 'verified', reason: expect.stringMatching(/never read back/) });
    expect(service.inspect().some((note) => note.id === created.id)).toBe(false);
  });

  it('settles an intent a crashed process left without outcome when its session is planned; the same key in a new session is another call', async () => {
    const path = tempJournalPath();
    const service = new NotesService();
    const crashed = createSqliteJournal({ path });
    // The crashed process journaled its intent and its write landed, but it died before the outcome.
    await crashed.append({ type: 'session.started', sessionId: 's-crash', agentId: 'a', data: { reason: null } });
    await crashed.append({ type: 'action.intent', sessionId: 's-crash', agentId: 'a', actionId: 'act-1', action: 'notes.note.create', idempotencyKey: 'call-9', at: '2026-01-01T00:00:00.000Z', data: { inputHash: await hashOf({ title: 'Landed', body: '', tags: [] }), instanceId: 'dead-process', pre: null } });
    await service.create(AGENT_TOKEN, { title: 'Landed', body: '', tags: [] }, 'call-9');
    await crashed.close();

    const journal = createSqliteJournal({ path });
    const runtime = createRuntime({ journal, adapters: [createNotesAdapter({ service, token: AGENT_TOKEN })], policy: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    // A key belongs to its session: a new session's call with it is its own write, recorded in its own timeline.
    await session.run('notes.note.create', { title: 'Landed' }, { idempotencyKey: 'call-9' });
    await session.end();
    expect(service.inspect().map((note) => note.title)).toEqual(['Landed', 'Landed']);
    expect((await journal.sessionEntries(session.id)).map((entry) => entry.type)).toEqual(['session.started', 'action.intent', 'action.committed', 'session.ended']);

    await runtime.endSession('s-crash', { by: 'ops' });
    const plan = await runtime.planRollback('s-crash');
    expect(plan.steps.map((step) => [step.actionId, step.status])).toEqual([['act-1', 'undo']]);
    const outcome = (await journal.sessionEntries('s-crash')).find((entry) => entry.actionId === 'act-1' && entry.type === 'action.committed');
    expect(outcome).toMatchObject({ data: { reconciled: true } });
    await runtime.rollback('s-crash');
    await runtime.rollback(session.id);
    expect(service.inspect()).toEqual([]);
  });

});

describe('secrets and bad journals', () => {
  it('never writes the adapter token to the journal file, even when the agent pastes it into input', async () => {
    const { runtime, path, journal } = createRig();
    const session = await runtime.startSession({ agentId: 'a', metadata: { note: `token is ${AGENT_TOKEN}` } });
    await session.run('notes.note.create', { title: 'Leak?', body: `my token: ${AGENT_TOKEN}` });
    await session.run('notes.note.create', { title: '' }).catch(() => undefined);
    await session.end();
    await journal.close();
    for (const file of [path, `${path}-wal`]) {
      let bytes = '';
      try {
        bytes = readFileSync(file).toString('latin1');
      } catch {
        continue;
      }
      expect(bytes).not.toContain(AGENT_TOKEN);
    }
    const reopened = createSqliteJournal({ path });
    const body = ((await reopened.sessionEntries(session.id))[1]!.data as { input: { body: string } }).input.body;
    expect(body).toBe('my token: [redacted]');
  });

  it('fails clearly when the journal file is not a database, and writes nothing to it', async () => {
    const path = tempJournalPath('corrupt');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(path, 'this is not a sqlite database, just text '.repeat(200));
    expect(() => createSqliteJournal({ path })).toThrow(/cannot open journal .*not a SQLite database or is corrupt/);
    expect(readFileSync(path, 'utf8')).toBe('this is not a sqlite database, just text '.repeat(200));
  });

  it('a journal another process holds locked: a clear, retryable error, and nothing half-written', async () => {
    const path = tempJournalPath('locked');
    const journal = createSqliteJournal({ path, busyTimeoutMs: 100 });
    await journal.append({ type: 'session.started', sessionId: 's', agentId: 'a', data: { reason: null } });
    const locker = spawnWorker('journal-locker.mjs', [path]);
    await locker.line('locked');
    const error = await journal.append({ type: 'session.ended', sessionId: 's', data: {} }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'journal_unavailable', isRetryable: true, message: expect.stringMatching(/another process holds the journal locked/) });
    const exited = new Promise((resolve) => locker.child.once('exit', resolve));
    locker.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(await journal.verify()).toEqual({ ok: true, entries: 1 });
    await journal.close();
  });

  it('fails clearly when the journal cannot be created', () => {
    expect(() => createSqliteJournal({ path: '/nonexistent-dir/deeper/journal.db' })).toThrow(/cannot open journal \/nonexistent-dir/);
  });
});

async function hashOf(input: Record<string, unknown>): Promise<string> {
  const { createHash } = await import('node:crypto');
  const { canonicalJson } = await import('@backspace/core');
  return createHash('sha256').update('notes.note.create').update('\n').update(canonicalJson(input as never)).digest('hex');
}

describe('secrets leaving the runtime', () => {
  it('scrubs the adapter token from errors, plans and reports, whatever the provider echoed', async () => {
    const { service, path } = createRig();
    const notes = createNotesAdapter({ service, token: AGENT_TOKEN });
    const leaky = {
      ...notes,
      read: async () => {
        throw new BackspaceError('provider_error', `read refused for token ${AGENT_TOKEN}`, { details: { echoed: AGENT_TOKEN } });
      },
      actions: notes.actions.map((action) =>
        action.name === 'notes.note.update'
          ? { ...action, execute: async () => { throw new BackspaceError('invalid_input', `bad call with ${AGENT_TOKEN}`, { details: { header: `Bearer ${AGENT_TOKEN}` } }); } }
          : action,
      ),
    };
    const runtime = createRuntime({ journal: createSqliteJournal({ path }), adapters: [leaky], policy: [] });
    const session = await runtime.startSession({ agentId: 'a' });
    const note = await session.run('notes.note.create', { title: 'x' });
    const failure = await session.run('notes.note.update', { id: note.id, title: 'y' }).catch((error: BackspaceError) => error);
    expect(JSON.stringify((failure as BackspaceError).toJSON()) + (failure as Error).message + String((failure as Error).stack)).not.toContain(AGENT_TOKEN);
    await session.end();
    const plan = await runtime.planRollback(session.id);
    const report = await runtime.rollback(session.id);
    expect(plan.steps[0]!.status).toBe('unreachable');
    expect(JSON.stringify(plan) + JSON.stringify(report)).not.toContain(AGENT_TOKEN);
    expect(readFileSync(path).toString('latin1')).not.toContain(AGENT_TOKEN);
  });
});
