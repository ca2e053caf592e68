// A person builds on the agent's issue while its archive is on the way, and the rollback never gets to
// put the issue back. The undo of the agent's creation archives the issue; Linear takes the person's
// sub-issue along, and the archive's own answer shows it, so the undo unarchives at once. Here it cannot:
// the engine dies as its unarchive leaves (the journal holds the undo's intent and nothing after it), or
// the unarchive never reaches Linear however often it is sent. Expected: no rollback, the one that takes
// over included, reports the step undone (or already undone) while the person's sub-issue lies in the
// archive with the agent's issue; the report names their sub-issue. Read back through the simulator's
// records and the journal, never through the adapter.
import { describe, expect, it } from 'vitest';
import { createRuntime, scaledClock, type JournalStore } from '@backspace/core';
import { linearRuntimePerTest, mutation, whileMutationIsHeld } from './test-support.js';

// Backoffs and the wait for a dead engine's request in flight run 100x fast on the runtime clock.
const setup = linearRuntimePerTest({ clock: scaledClock(100) });
type Environment = Awaited<ReturnType<typeof setup>>;

/** The agent files an issue in a session of its own, ended. */
async function agentIssue({ runtime, simulator }: Environment) {
  const session = await runtime.startSession({ agentId: 'planner' });
  const epic = (await session.run('linear.issue.create', { teamId: simulator.seed.teamId, title: 'Checkout redesign' })) as { id: string };
  await session.end();
  return { session, epic };
}

/** Holds the agent's archive at Linear for two seconds, while the person files a sub-issue under the issue; resolves to the sub-issue's id. */
const subIssueWhileArchiveIsSent = ({ simulator, human }: Environment, epic: string) =>
  whileMutationIsHeld(simulator, 'issueArchive', async () => (await (await human.createIssue({ teamId: simulator.seed.teamId, title: 'Interview five customers', parentId: epic })).issue)!.id);

const archived = ({ simulator }: Environment, id: string) => simulator.state.issues.get(id)!.archivedAt !== null;

describe("linear: the rollback cannot put back the agent's issue a person built on while its archive was sent", () => {
  it('dies before its unarchive: the rollback that takes over does not count the step undone, and names their sub-issue', async () => {
    const environment = await setup();
    const { simulator, journal, adapter, runtime } = environment;
    const { session, epic } = await agentIssue(environment);
    const sub = subIssueWhileArchiveIsSent(environment, epic.id);
    // The engine dies as its unarchive leaves: that request and every one after it never reach Linear,
    // and nothing it records after its intent reaches the journal.
    let dead = false;
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'reset', times: Infinity, when: (request) => dead || (mutation('issueUnarchive')(request) && (dead = true)) });
    const dyingJournal: JournalStore = {
      ...journal,
      append: async (entry) => {
        if (dead) throw new Error('the rollback process was killed');
        return journal.append(entry);
      },
    };
    const dying = createRuntime({ journal: dyingJournal, adapters: [adapter], policy: [], clock: scaledClock(100) });

    expect(await dying.rollback(session.id).then(() => 'finished', () => 'died')).toBe('died');
    simulator.faults.clear();
    const theirs = await sub();
    // As the dead engine left it: the issue and the person's sub-issue archived, the undo's intent alone journaled.
    expect([archived(environment, epic.id), archived(environment, theirs)]).toEqual([true, true]);
    const undo = (await journal.sessionEntries(session.id)).filter((entry) => entry.type.startsWith('compensation.'));
    expect(undo.map((entry) => entry.type)).toEqual(['compensation.intent']);

    const report = await runtime.rollback(session.id);

    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(report.counts).toMatchObject({ undone: 0, conflicts: 1 });
    expect(report.residue.join('\n')).toContain(`linear.issue:${theirs}`);
    // The operator is told the dead rollback may have made the changes, not only "others".
    expect(report.steps[0]!.reason).toContain('an earlier rollback began undoing this step and did not finish');
    const recorded = (await journal.sessionEntries(session.id)).filter((entry) => entry.type.startsWith('compensation.')).map((entry) => entry.type);
    expect(recorded).not.toContain('compensation.committed');
  });

  it('cannot send its unarchive however often it tries: not reported undone, then or by the next rollback', async () => {
    const environment = await setup();
    const { simulator, runtime } = environment;
    const { session, epic } = await agentIssue(environment);
    const sub = subIssueWhileArchiveIsSent(environment, epic.id);
    simulator.faults.inject({ method: 'POST', path: '/graphql', kind: 'reset', times: Infinity, when: mutation('issueUnarchive') });

    const first = await runtime.rollback(session.id);
    const theirs = await sub();
    simulator.faults.clear();
    expect([archived(environment, epic.id), archived(environment, theirs)]).toEqual([true, true]);
    const second = await runtime.rollback(session.id);

    expect(first.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'failed']]);
    expect(second.steps.map((step) => [step.action, step.outcome])).toEqual([['linear.issue.create', 'conflict']]);
    expect(second.residue.join('\n')).toContain(`linear.issue:${theirs}`);
    for (const report of [first, second]) expect(report.counts.undone).toBe(0);
  });
});
