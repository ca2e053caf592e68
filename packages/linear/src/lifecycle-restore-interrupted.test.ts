// An issue's lifecycle put back in two writes, cut between them. An issue a person archived before the
// agent trashed it goes back into the archive by two writes (Linear takes nothing out of the trash
// without taking it out of the archive: unarchive, then archive), and a rollback may be held between
// them by a 429: its retry must not take its own first write for a person's change, nor write over a
// person who moved the issue meanwhile. An agent stopped between its own archive and trash is rolled
// back to where the issue stood. A second write that fails for good is never reported undone. Each
// lifecycle is read through the person's own LinearClient or the simulator's records.
import { describe, expect, it } from 'vitest';
import { scaledClock } from '@backspace/core';
import type { LinearClient } from '@linear/sdk';
import { linearRuntimePerTest, mutation } from './test-support.js';

// Backoffs and Retry-After waits on the runtime clock run 100x fast (a 30 s wait takes 300 ms).
const setup = linearRuntimePerTest({ clock: scaledClock(100) });

/** Where the issue stands, as the person sees it in Linear. */
async function lifecycle(human: LinearClient, id: string) {
  const issue = await human.issue(id);
  return issue.trashed ? 'trashed' : issue.archivedAt ? 'archived' : 'active';
}

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

/** A person archived ENG-2 long ago; the agent trashes it in a session of its own, ended. */
async function archivedThenTrashedByTheAgent(environment: Awaited<ReturnType<typeof setup>>) {
  const { runtime, simulator, human } = environment;
  const id = simulator.seed.issues['ENG-2']!;
  await human.archiveIssue(id);
  const session = await runtime.startSession({ agentId: 'agent' });
  await session.run('linear.issue.delete', { id });
  await session.end();
  return { id, session };
}

describe("linear: the undo of a trash back into the archive, held between its two writes", () => {
  it('by a 429 on its second write: the retry finishes it, the issue ends in the archive, and a second rollback sends nothing', async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { id, session } = await archivedThenTrashedByTheAgent(environment);
    // The unarchive lands; the archive after it is refused once, for a second.
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueArchive'), kind: 'rate-limit', retryAfterSeconds: 1 });

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.delete', 'verified']]);
    expect(report.residue.join('\n')).not.toMatch(/someone changed/);
    expect(await lifecycle(human, id)).toBe('archived');
    const writes = new Map(simulator.state.committed);
    const again = await runtime.rollback(session.id);
    expect(again.steps.map((step) => step.status)).toEqual(['already-undone']);
    expect(simulator.state.committed).toEqual(writes);
    expect(await lifecycle(human, id)).toBe('archived');
  });

  it('by a 429 while a person trashes the issue again: the retry leaves it in their trash, a conflict', async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { id, session } = await archivedThenTrashedByTheAgent(environment);
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueArchive'), kind: 'rate-limit', retryAfterSeconds: 30 });

    const rollback = runtime.rollback(session.id);
    // The undo's unarchive landed and its archive was refused: the person sees the issue open and
    // decides it goes to the trash after all, before the undo is sent again.
    await until(() => simulator.faults.fired().length === 1);
    await human.deleteIssue(id);
    const report = await rollback;

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.delete', 'conflict']]);
    expect(report.residue.join('\n')).toMatch(/someone else moved ENG-2 while the undo waited to be sent again \(it is trashed\)/);
    expect(await lifecycle(human, id)).toBe('trashed');
    expect(simulator.state.committed.get('issueUnarchive')).toBe(1);
    expect(simulator.state.committed.get('issueArchive')).toBe(1); // the person's, before the agent
  });

  it('by a second write failing for good: neither that rollback nor the next reports the issue undone while it is out of the archive', async () => {
    const environment = await setup();
    const { runtime, simulator, human } = environment;
    const { id, session } = await archivedThenTrashedByTheAgent(environment);
    simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueArchive'), kind: 'server-error', status: 500, times: Infinity });

    const first = await runtime.rollback(session.id);
    simulator.faults.clear();
    const second = await runtime.rollback(session.id);

    // Not where it was before the agent (the archive): whatever else they say, neither calls it undone.
    expect(await lifecycle(human, id)).toBe('active');
    for (const report of [first, second]) {
      expect(report.steps.map((step) => step.outcome)).not.toContain('verified');
      expect(report.steps.map((step) => step.status)).not.toContain('already-undone');
      expect(report.counts.undone).toBe(0);
      expect(report.residue.join('\n')).toMatch(/linear\.issue\.delete on linear\.issue:/);
    }
  });
});

describe('linear: an agent stopped between its archive and its trash of one issue', () => {
  for (const [trash, lands] of [
    ['drop-after-commit', true],
    ['reset', false],
  ] as const) {
    it(`is rolled back to an open issue whether or not the trash landed (${trash}), and a second rollback sends nothing`, async () => {
      const { runtime, simulator, human } = await setup();
      const id = simulator.seed.issues['ENG-2']!;
      const session = await runtime.startSession({ agentId: 'agent' });
      await session.run('linear.issue.archive', { id });
      // The trash is sent, and its answer never comes back (or it never arrives); every read of the
      // issue after it fails in the agent's call, which ends unknown: the agent is gone after it.
      simulator.faults.inject({ method: 'POST', path: '/graphql', when: mutation('issueDelete'), kind: trash, times: 20 });
      const reads = (request: { body?: unknown }) => simulator.faults.fired().length > 0 && String((request.body as { query?: string }).query).includes('query backspaceIssue(');
      simulator.faults.inject({ method: 'POST', path: '/graphql', when: reads, kind: 'server-error', status: 503, times: 50 });
      await expect(session.run('linear.issue.delete', { id })).rejects.toMatchObject({ code: 'outcome_unknown' });
      simulator.faults.clear();
      await session.end();
      expect(await lifecycle(human, id)).toBe(lands ? 'trashed' : 'archived');

      const report = await runtime.rollback(session.id);

      expect(report.counts).toMatchObject({ undone: lands ? 2 : 1, conflicts: 0, failed: 0 });
      expect(await lifecycle(human, id)).toBe('active');
      const writes = new Map(simulator.state.committed);
      const again = await runtime.rollback(session.id);
      expect(again.counts.undone).toBe(0);
      expect(simulator.state.committed).toEqual(writes);
      expect(await lifecycle(human, id)).toBe('active');
    });
  }
});
