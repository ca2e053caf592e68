// A label the agent's request never put on (Linear refused it twice, its outcome unknown), which a person
// then put on by hand. The agent took it off again with a later update and put it back with another, so
// the label is in place when planning looks the lost write up: the issue's history says the person put it
// on first, so the lost write never landed and the person's label is not taken off (incident fuzzer seed
// 77000333). Read back through the simulator's own state.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import { linearRuntimePerTest, mutation } from './test-support.js';

const setup = linearRuntimePerTest({ clock: scaledClock(100), retry: { maxAttempts: 1 } });

describe('linear: a lost label change a person made by hand', () => {
  it('keeps the label the person put on, after the agent wrote the labels over and back', async () => {
    const { runtime, simulator, human } = await setup();
    const id = simulator.seed.issues['ENG-1']!;
    const bug = simulator.seed.labels['Bug']!;
    const feature = simulator.seed.labels['Feature']!;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueAddLabel'), kind: 'server-error', status: 502, times: 1 });
    await expect(session.run('linear.label.add', { id, labelId: feature })).rejects.toMatchObject({ code: 'outcome_unknown' });
    simulator.faults.clear();
    await human.issueAddLabel(id, feature);
    await session.run('linear.issue.update', { id, labelIds: [bug] });
    await session.run('linear.issue.update', { id, labelIds: [bug, feature] });
    await session.end();

    await runtime.rollback(session.id);
    expect([...simulator.state.issues.get(id)!.labelIds].sort()).toEqual([bug, feature].sort());
  });
});
