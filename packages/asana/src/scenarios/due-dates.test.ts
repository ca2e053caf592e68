// Due dates and due times as Asana takes them: never both in one request (its description says they
// "should not be used together", and Asana answers 400). A person's SDK call with both is refused as
// Asana refuses it; the agent's is refused before anything is sent; and every rollback between a date,
// a time and nothing writes one of them only, so the simulator never answers 400 while it restores.
import { describe, expect, it } from 'vitest';
import { BackspaceError, ProviderError, type Runtime } from '@backspace/core';
import { ERRORS_HELP } from '../simulator/asana-errors.js';
import { asanaEachTest, type AsanaTestEnvironment } from '../test-support/environment.js';

let environment: AsanaTestEnvironment;
let runtime: Runtime;
asanaEachTest((made) => ({ environment, runtime } = made));

const taskGid = () => environment.simulator.seed.taskGids[0]!;
const due = () => {
  const task = environment.simulator.task(taskGid())!;
  return { dueOn: task.dueOn, dueAt: task.dueAt };
};
const refusals = () => environment.simulator.log.entries().filter((entry) => (entry.status ?? 0) >= 400);
const setByPerson = (data: Record<string, unknown>) => environment.human.call('updateTask', true, () => environment.human.tasks.updateTask({ data }, taskGid(), {}));

describe('due_on and due_at together', () => {
  it('a person sending both is refused with 400 in Asana’s error shape, and the task is unchanged', async () => {
    const before = due();
    const error = await setByPerson({ due_on: '2026-12-31', due_at: '2026-12-24T16:30:00Z' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ProviderError);
    expect(error).toMatchObject({ status: 400, outcomeUnknown: false, details: { asanaErrors: [expect.stringContaining('one of due_on and due_at')] } });
    // The body as Asana sends it, read without any client of ours.
    const answer = await fetch(`${environment.simulator.basePath}/tasks/${taskGid()}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${environment.simulator.tokens.human}`, 'content-type': 'application/json' },
      body: JSON.stringify({ data: { due_at: '2026-12-24T16:30:00Z', due_on: null } }),
    });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toEqual({ errors: [{ message: expect.stringContaining('due_on'), help: ERRORS_HELP }] });
    expect(due()).toEqual(before);
  });

  it('the agent asking for both is refused before anything is sent', async () => {
    const session = await runtime.startSession({ agentId: 'scheduler' });
    const sent = environment.simulator.log.entries().length;
    const error = await session.run('asana.task.update', { gid: taskGid(), due_on: '2026-12-31', due_at: '2026-12-24T16:30:00Z' }).catch((caught: unknown) => caught);
    expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_input');
    expect(environment.simulator.log.entries().length).toBe(sent);
  });
});

describe('rollback between a due date, a due time and none', () => {
  const start = { date: { due_on: '2026-12-24' }, time: { due_at: '2026-12-24T16:30:00Z' }, none: { due_on: null } } as const;
  const agent = { date: { due_on: '2027-01-15' }, time: { due_at: '2027-01-15T09:00:00Z' }, none: { due_on: null } } as const;
  for (const [from, before] of Object.entries(start)) {
    for (const [to, write] of Object.entries(agent)) {
      if (from === to && from === 'none') continue;
      it(`${from} → ${to}: the earlier ${from} comes back, with one of due_on or due_at per request`, async () => {
        await setByPerson(before);
        const expected = due();
        const session = await runtime.startSession({ agentId: 'scheduler' });
        await session.run('asana.task.update', { gid: taskGid(), ...write });
        await session.end();
        environment.simulator.log.clear();
        const report = await runtime.rollback(session.id);
        expect(report.byOutcome, JSON.stringify(report.steps)).toMatchObject({ verified: 1, failed: 0 });
        expect(refusals()).toEqual([]);
        expect(due()).toEqual(expected);
      });
    }
  }
});

// Asana's description: "`due_on` or `due_at` must be present in the request when setting or unsetting the
// `start_on` parameter". The simulator refuses a start date alone as Asana does, the agent's is refused
// before sending, and a rollback restoring only the start date sends the due the task has now beside it.
describe('start_on with due_on or due_at', () => {
  const start = () => environment.simulator.task(taskGid())!.startOn;

  it('a person setting or clearing a start date alone is refused with 400 in Asana’s error shape', async () => {
    await setByPerson({ due_on: '2026-12-24', start_on: '2026-12-01' });
    for (const startOn of ['2026-12-10', null]) {
      const answer = await fetch(`${environment.simulator.basePath}/tasks/${taskGid()}`, {
        method: 'PUT',
        headers: { authorization: `Bearer ${environment.simulator.tokens.human}`, 'content-type': 'application/json' },
        body: JSON.stringify({ data: { start_on: startOn } }),
      });
      expect(answer.status).toBe(400);
      expect(await answer.json()).toEqual({ errors: [{ message: expect.stringContaining('start_on'), help: ERRORS_HELP }] });
    }
    expect(start()).toBe('2026-12-01');
  });

  it('the agent asking for a start date alone is refused before anything is sent', async () => {
    const session = await runtime.startSession({ agentId: 'scheduler' });
    const sent = environment.simulator.log.entries().length;
    const error = await session.run('asana.task.update', { gid: taskGid(), start_on: '2026-12-10' }).catch((caught: unknown) => caught);
    expect(BackspaceError.isInstance(error) && error.code).toBe('invalid_input');
    expect(environment.simulator.log.entries().length).toBe(sent);
  });

  for (const [kind, before] of [['date', { due_on: '2026-12-24' }], ['time', { due_at: '2026-12-24T16:30:00Z' }]] as const) {
    it(`a rollback restoring only the start date (due ${kind} unchanged by the agent) is not refused, and keeps the due`, async () => {
      await setByPerson({ ...before, start_on: '2026-12-01' });
      const expectedDue = due();
      const session = await runtime.startSession({ agentId: 'scheduler' });
      await session.run('asana.task.update', { gid: taskGid(), ...before, start_on: '2026-12-15' });
      await session.end();
      environment.simulator.log.clear();
      const report = await runtime.rollback(session.id);
      expect(report.byOutcome, JSON.stringify(report.steps)).toMatchObject({ verified: 1, failed: 0 });
      expect(refusals()).toEqual([]);
      expect(start()).toBe('2026-12-01');
      expect(due()).toEqual(expectedDue);
    });
  }

  it('a due a person set after the agent is kept while the agent’s start date is undone', async () => {
    await setByPerson({ due_on: '2026-12-24', start_on: '2026-12-01' });
    const session = await runtime.startSession({ agentId: 'scheduler' });
    await session.run('asana.task.update', { gid: taskGid(), due_on: '2026-12-28', start_on: '2026-12-15' });
    await session.end();
    await setByPerson({ due_at: '2027-01-05T10:00:00Z' });
    const personsDue = due();
    environment.simulator.log.clear();
    const report = await runtime.rollback(session.id);
    expect(report.byOutcome, JSON.stringify(report.steps)).toMatchObject({ verified: 1, failed: 0 });
    expect(refusals()).toEqual([]);
    expect(start()).toBe('2026-12-01');
    expect(due(), 'the person’s due time stays').toEqual(personsDue);
  });
});
