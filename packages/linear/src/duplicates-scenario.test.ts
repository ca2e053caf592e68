// The issue's scenario, end to end through the demo part: the agent opens three duplicates of a known bug
// and closes the original; a human comments on one duplicate; rollback undoes the rest and keeps hers.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type JournalStore } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import type { DemoPart } from '@backspace/testkit';
import { createLinearDemo, type LinearDemoOptions, type LinearSimulator } from './simulator/index.js';

let part: DemoPart | undefined;
let journal: JournalStore | undefined;
afterEach(async () => {
  await journal?.close();
  await part?.close();
  part = journal = undefined;
});

async function runStory(options: LinearDemoOptions, { rollBack = true } = {}) {
  part = await createLinearDemo(options);
  journal = createSqliteJournal({ path: ':memory:' });
  const runtime = createRuntime({ journal, adapters: [part.adapter], policy: [] });
  const session = await runtime.startSession({ agentId: 'triage-agent', reason: 'ACME escalation' });
  const story = await part.agent(session);
  await session.end();
  const edits = await part.human();
  const plan = await runtime.planRollback(session.id);
  const report = rollBack ? await runtime.rollback(session.id) : undefined;
  const simulator = part.simulator as unknown as LinearSimulator;
  return { story, edits, plan, report, simulator, verification: await part.verify() };
}

const statusOf = (steps: Array<{ action: string; status: string }>) => steps.map((step) => `${step.action}:${step.status}`);

describe('linear: three duplicates of a known bug and a wrongly closed original', () => {
  it('archives the untouched duplicates as duplicates of the original, leaves the discussed one open, reopens the original', async () => {
    const { story, plan, report, simulator, verification } = await runStory({});
    expect(story).toHaveLength(4);
    expect(statusOf(plan.steps)).toEqual([
      'linear.issue.update:undo',
      'linear.issue.create:undo',
      'linear.issue.create:conflict',
      'linear.issue.create:undo',
    ]);
    expect(report!.byOutcome).toMatchObject({ verified: 3, conflict: 1, failed: 0, skipped: 0 });
    expect(verification).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });

    const { state, seed } = simulator;
    const byIdentifier = (identifier: string) => [...state.issues.values()].find((issue) => state.identifier(issue) === identifier)!;
    expect(byIdentifier('ENG-1').stateId).toBe(seed.workflowStates['In Progress']);
    for (const identifier of ['ENG-4', 'ENG-6']) {
      const duplicate = byIdentifier(identifier);
      expect(duplicate.archivedAt).not.toBeNull();
      expect([...state.relations.values()]).toContainEqual(expect.objectContaining({ type: 'duplicate', issueId: duplicate.id, relatedIssueId: seed.issues['ENG-1'] }));
    }
    const discussed = byIdentifier('ENG-5');
    expect(discussed.archivedAt).toBeNull();
    expect([...state.comments.values()].filter((comment) => comment.issueId === discussed.id)).toHaveLength(1);
    // The discussed duplicate is reported, not silently kept; the archived ones name their original.
    expect(report!.residue).toContainEqual(expect.stringMatching(new RegExp(`^linear\\.issue\\.create on linear\\.issue:${discussed.id}: left in place, others built on it`)));
    expect(report!.residue.filter((line) => line.includes('archived, marked a duplicate of ENG-1'))).toHaveLength(2);
  });

  it('keeps the original where a human moved it after the agent closed it', async () => {
    const { plan, report, simulator, verification } = await runStory({ humanMovesOriginal: true });
    expect(plan.steps[0]).toMatchObject({ action: 'linear.issue.update', status: 'conflict' });
    expect(report!.byOutcome.failed).toBe(0);
    expect(verification).toEqual({ agentEffectsRemaining: [], humanEditsLost: [] });
    expect(simulator.state.issues.get(simulator.seed.issues['ENG-1']!)!.stateId).toBe(simulator.seed.workflowStates.Canceled);
  });

  it("verify() reports the agent's effects when nothing was rolled back", async () => {
    const { verification } = await runStory({}, { rollBack: false });
    expect(verification.humanEditsLost).toEqual([]);
    expect(verification.agentEffectsRemaining).toEqual([
      'ENG-4 is still open',
      'ENG-4 is not marked a duplicate of ENG-1',
      'ENG-6 is still open',
      'ENG-6 is not marked a duplicate of ENG-1',
      'ENG-1 is Done, not back to In Progress',
    ]);
  });
});
