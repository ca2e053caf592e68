// The agent's edits of a person's issue that the person then transferred to another repository: the
// title and labels it set are still the agent's where the issue is now (moving the issue did not make
// them the person's), and GitHub's 301 from the old address takes the undo there, so they are undone on
// the moved issue. A milestone is another matter: milestones belong to a repository, and their numbers
// mean another milestone (or none) in the repository the issue went to. The milestone the agent took
// the issue out of is never "put back" there, into whatever milestone of the person's bears its number.
// Who wrote each field last is read from the issue's events where the issue is now: GitHub answers them
// 404 at the old address. The clock moves on between the writes and the transfer, as between people's
// clicks (in the same second, the issue's version alone tells nothing changed since). Read back through
// the person's Octokit at the issue's new address.
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import type { RollbackReport } from '@backspace/core';
import { SEED_ISSUE } from './simulator/index.js';
import { nextId } from './simulator/state.js';
import { personTransfersIssue, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/**
 * The person's seeded issue, in their milestone 1; the agent retitles it, rewrites its body, takes it out of the milestone
 * and labels it; the person transfers it to `gadgets`, whose own milestone 1 is another one.
 */
async function editedThenTransferred() {
  const clock = createManualClock(Date.UTC(2026, 5, 1, 9));
  environment = await startGithubRuntime({ clock });
  const { owner, repo, runtime, human, simulator } = environment;
  const issue_number = simulator.seed.issueNumber;
  await human.rest.issues.update({ owner, repo, issue_number, milestone: simulator.seed.milestoneNumber });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number, title: 'Discount totals (triaged)', body: 'Triaged: see the discount code path.', milestone: null });
  await session.run('github.labels.add', { owner, repo, issue_number, labels: ['enhancement'] });
  await session.end();
  clock.advance(5_000);
  const gadgets = simulator.createRepository('gadgets');
  // The person's own milestone there, made before (the simulator serves no milestone create).
  gadgets.milestones.set(1, { number: 1, id: nextId(gadgets), title: 'Gadgets 1.0', state: 'open', created_at: new Date(0).toISOString() });
  const movedNumber = await personTransfersIssue(environment, issue_number, 'gadgets');
  return { ...environment, session, movedNumber, clock };
}

const stepOf = (report: RollbackReport, action: string) => report.steps.find((step) => step.action === action);

describe("the agent's edits of an issue a person transferred to another repository", () => {
  it("undoes the agent's title, body and label there, and never puts the issue into the other repository's milestone", async () => {
    const { owner, human, runtime, session, movedNumber } = await editedThenTransferred();

    const report = await runtime.rollback(session.id);
    const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number: movedNumber });
    expect([data.title, data.body, data.labels.map((label) => (typeof label === 'string' ? label : label.name)), data.milestone]).toEqual([SEED_ISSUE.title, SEED_ISSUE.body, ['bug'], null]);
    expect(stepOf(report, 'github.labels.add')?.outcome).toBe('verified');
    // The milestone it took the issue out of is named, left as the transfer left it.
    const update = stepOf(report, 'github.issue.update')!;
    expect([update.status, update.outcome]).toEqual(['partial', 'verified']);
    expect(update.fields?.find((check) => check.field === 'milestone')?.decision).toBe('keep');
  });

  it('keeps the body a person wrote on the moved issue, even where it reads as the agent\'s text', async () => {
    const { owner, human, runtime, session, movedNumber, clock } = await editedThenTransferred();
    // The person edits the moved issue, settling on the very text the agent wrote: it is theirs now.
    clock.advance(5_000);
    await human.rest.issues.update({ owner, repo: 'gadgets', issue_number: movedNumber, body: 'Triaged: see the discount code path (confirmed).' });
    clock.advance(5_000);
    await human.rest.issues.update({ owner, repo: 'gadgets', issue_number: movedNumber, body: 'Triaged: see the discount code path.' });

    const report = await runtime.rollback(session.id);
    const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number: movedNumber });
    expect([data.title, data.body]).toEqual([SEED_ISSUE.title, 'Triaged: see the discount code path.']);
    expect(stepOf(report, 'github.issue.update')?.fields?.find((check) => check.field === 'body')?.decision).toBe('keep');
  });
});
