// An update that never reached Linear, which a person then made by hand, and the agent wrote over: the
// lookup finds a change by the API key's own user since the pre-state, but it is the agent's later
// journaled write, not proof the lost one landed. The next write's pre-state settles it instead, and the
// person's value stays. Read back through the simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createRuntime } from '@backspace/core';
import { createLinearAdapter } from './linear-adapter.js';
import { linearRuntimePerTest, mutation, whileMutationIsHeld } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

describe('linear: a lost update made by hand, then written over by the agent', () => {
  it('keeps the person’s value', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueUpdate'), kind: 'reset', times: 10 });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('linear.issue.update', { id, description: 'Repro: apply a discount code.' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    // Seeing the bot fail, a person writes the same description by hand.
    await human.updateIssue(id, { description: 'Repro: apply a discount code.' });
    await session.run('linear.issue.update', { id, description: 'Repro: apply a discount code, then open the invoice.' });
    await session.end();

    await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)!.description).toBe('Repro: apply a discount code.');
  });

  // The agent writes the title over the person's and back to it: the lost write's values are in place when
  // planning looks it up, but the history says the person made that change first.
  it('keeps the person’s value when the agent wrote it over and back again', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueUpdate'), kind: 'reset', times: 10 });
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('linear.issue.update', { id, title: 'Export views as CSV' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await human.updateIssue(id, { title: 'Export views as CSV' });
    await session.run('linear.issue.update', { id, title: 'Export views as CSV and XLSX' });
    await session.run('linear.issue.update', { id, title: 'Export views as CSV' });
    await session.end();

    await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)!.title).toBe('Export views as CSV');
  });

  // A person's other title lands while the agent's write is on its way; the agent's then replaces it and
  // its answer never comes (the request timed out). Planning finds the agent's title in place: the history's
  // first change to that title is the agent's, so the write is undone, never left as if it failed.
  it('undoes the agent’s value that replaced a person’s while its request was on its way', async () => {
    const { simulator, human } = await setup();
    const adapter = createLinearAdapter({ token: simulator.seed.tokens.agent, baseUrl: simulator.url, timeoutMs: 500 });
    const journal = createSqliteJournal({ path: ':memory:' });
    const runtime = createRuntime({ journal, adapters: [adapter], policy: [], clock: scaledClock(100), retry: { maxAttempts: 1 } });
    const id = simulator.seed.issues['ENG-2']!;
    const original = simulator.state.issues.get(id)!.title;
    const meanwhile = whileMutationIsHeld(simulator, 'issueUpdate', () => human.updateIssue(id, { title: 'Export views as CSV' }));
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await expect(session.run('linear.issue.update', { id, title: 'Export views as XLSX' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await meanwhile();
    while (simulator.state.issues.get(id)!.title !== 'Export views as XLSX') await new Promise((resolve) => setTimeout(resolve, 50));
    await session.end();

    await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)!.title).not.toBe('Export views as XLSX');
    expect([original, 'Export views as CSV']).toContain(simulator.state.issues.get(id)!.title);
    await journal.close();
  });
});
