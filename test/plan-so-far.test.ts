// An agent undoing its own last steps: planning an open session so far needs neither an end nor
// force, records nothing, and names a write still in flight instead of guessing its outcome.
import { describe, expect, it } from 'vitest';
import { createRig } from './support/rig.js';

describe('planning an open session so far', () => {
  it('plans the committed actions, names the write in flight, writes nothing, and the rollback undoes only what committed', async () => {
    const { runtime, journal, service } = createRig();
    const session = await runtime.startSession({ agentId: 'drafter' });
    await session.run('notes.note.create', { title: 'First draft', body: '', tags: [] }, { idempotencyKey: 'draft-1' });

    await expect(runtime.planRollback(session.id)).rejects.toMatchObject({ code: 'session_active' });

    // The service takes its time over this one write only (each call sleeps what was set when it began).
    service.latencyMs = 1500;
    const slow = session.run('notes.note.create', { title: 'Second draft', body: '', tags: [] }, { idempotencyKey: 'draft-2' });
    await expect.poll(async () => (await journal.keyEntries('draft-2')).some((entry) => entry.type === 'action.intent'), { timeout: 2000, interval: 20 }).toBe(true);
    service.latencyMs = 0;

    const before = (await journal.verify()).entries;
    const plan = await runtime.planRollback(session.id, { soFar: true });
    expect((await journal.verify()).entries).toBe(before);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([['notes.note.create', 'undo']]);
    expect(plan.unsettled).toEqual([expect.stringMatching(/^notes\.note\.create \(key draft-2\): still in flight .* not planned/)]);
    await slow;

    // The session is still open: the agent undoes its steps so far and goes on working in it.
    const report = await runtime.rollback(session.id, { soFar: true });
    expect(report.counts.undone).toBe(2);
    expect(service.inspect().filter((note) => note.status === 'open')).toEqual([]);
    await session.run('notes.note.create', { title: 'Third draft', body: '', tags: [] });
    expect(service.inspect().filter((note) => note.status === 'open').map((note) => note.title)).toEqual(['Third draft']);
  });
});
