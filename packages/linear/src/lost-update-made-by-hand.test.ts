// An update that never reached Linear, which a person then made by hand, and the agent wrote over: the
// lookup finds a change by the API key's own user since the pre-state, but it is the agent's later
// journaled write, not proof the lost one landed. The next write's pre-state settles it instead, and the
// person's value stays. Read back through the simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

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
});
