// One Linear issue named two ways, by its identifier ("ENG-2") and by its UUID: Linear takes both. Every
// entry of a write names the UUID, its intent too (`canonicalTarget`, from the pre-state read), so a lost
// write named by identifier is one resource with what a rollback wrote on the issue, and with another
// session's writes by the UUID. Read back through the simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100) });

/** Fails every `backspaceIssue(` read (the single-issue query a lookup makes), not the batched reads planning makes. */
const lookupReadsFail = { method: 'POST', path: '/graphql', kind: 'server-error', status: 500, times: Infinity, when: (request: { body: unknown }) => String((request.body as { query?: string }).query).includes('backspaceIssue(') } as const;

describe('linear: an issue named by identifier and by UUID', () => {
  // The agent renames the issue (by UUID), then sends its old title back by identifier; that write never
  // reaches Linear. The first rollback cannot look it up, names it, and puts the old title back. The
  // second must not take that title for the lost write's landing: under another name than the rollback's
  // write, it did, and its "undo" wrote the agent's rename back.
  it('a lost write named by identifier is not settled from what a first rollback put back: the agent’s title never comes back', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const original = simulator.state.issues.get(id)!.title;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('linear.issue.update', { id, title: 'Agent title' });
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueUpdate'), kind: 'reset', times: 10 });
    await expect(session.run('linear.issue.update', { id: 'ENG-2', title: original })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await session.end();
    expect(simulator.state.issues.get(id)!.title).toBe('Agent title');

    simulator.faults.inject(lookupReadsFail);
    await runtime.rollback(session.id);
    simulator.faults.clear();
    expect(simulator.state.issues.get(id)!.title).toBe(original);

    const second = await runtime.rollback(session.id);
    expect(simulator.state.issues.get(id)!.title, `second report: ${JSON.stringify(second.steps.map((step) => [step.status, step.outcome]))}`).toBe(original);
  });

  // Committed writes name the UUID whatever the input said: another session's later write by the other name is seen.
  it('session A by identifier, session B by UUID: rolling back A restores A’s priority and keeps B’s title', async () => {
    const { runtime, simulator } = await setup();
    const id = simulator.seed.issues['ENG-2']!;
    const before = { ...simulator.state.issues.get(id)! };
    const a = await runtime.startSession({ agentId: 'a' });
    await a.run('linear.issue.update', { id: 'ENG-2', title: 'A title', priority: 1 });
    await a.end();
    const b = await runtime.startSession({ agentId: 'b' });
    await b.run('linear.issue.update', { id, title: 'B title' });
    await b.end();

    await runtime.rollback(a.id);
    expect(simulator.state.issues.get(id)).toMatchObject({ title: 'B title', priority: before.priority });
  });

});
