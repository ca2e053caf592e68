// An issue create whose answer was lost (fuzzer seed 34100148), the issue then transferred by a person to
// another repository before the rollback. The bot's issues listed in the repository it was sent to no
// longer hold it, so a lookup that looked only there settled the write as never landed: the agent's issue
// stayed open where it went and the report named nothing. GitHub keeps the number it had there, answered
// with a 301 to where it is now. Found so, it is what issue-transferred-by-person.test.ts keeps for a
// create whose answer came back: a person's transfer is their change, so the step is a conflict naming
// where the issue went, never "never landed" and never closed there behind their back. Read back through
// the person's Octokit at the issue's new address.
import { afterEach, describe, expect, it } from 'vitest';
import { createManualClock } from '@backspace/simulator-kit';
import type { RollbackReport } from '@backspace/core';
import { personTransfersIssue, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

const HOUR = 3_600_000;
const TITLE = 'Checkout flakes';

/**
 * GitHub an hour before the agent's write: the person's `gadgets` with three issues of theirs (so an
 * issue moved there gets another number), then the clock at the write. One attempt, so a lost answer is
 * looked up only by the rollback.
 */
async function anHourOfHistory() {
  const clock = createManualClock(Date.now() - HOUR);
  environment = await startGithubRuntime({ clock }, { retry: { maxAttempts: 1 } });
  const { owner, simulator, human } = environment;
  simulator.createRepository('gadgets');
  for (const title of ['Gadget backlog', 'Gadget pricing', 'Gadget docs']) await human.rest.issues.create({ owner, repo: 'gadgets', title });
  clock.advance(HOUR);
  return environment;
}

/** The agent opens an issue whose answer is lost (`drop-after-commit`: it landed) or that never reaches GitHub (`reset`). */
async function agentCreatesIssue(fault: 'drop-after-commit' | 'reset') {
  const { owner, repo, runtime, simulator } = environment;
  simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues', kind: fault });
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await expect(session.run('github.issue.create', { owner, repo, title: TITLE, body: 'Seen twice' })).rejects.toMatchObject({ code: 'outcome_unknown' });
  await session.end();
  const opened = [...simulator.inspect().issues.values()].find((issue) => issue.title === TITLE);
  return { session, issue_number: opened?.number };
}

const steps = (report: RollbackReport) => report.steps.map((step) => [step.action, step.outcome, step.resource]);

/** The issue where the person moved it, read by them. */
async function inGadgets(issue_number: number) {
  const { owner, human } = environment;
  const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number });
  return [data.title, data.state, data.state_reason];
}

describe('an issue create whose answer was lost, the issue then transferred by a person', () => {
  it('is found where it went and kept, a conflict naming where it is, never settled as never landed', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime } = environment;
    const { session, issue_number } = await agentCreatesIssue('drop-after-commit');
    const movedNumber = await personTransfersIssue(environment, issue_number!, 'gadgets');
    expect(movedNumber).not.toBe(issue_number);

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([['github.issue.create', 'conflict']]);
    expect(plan.steps[0]!.fields?.find((check) => check.field === 'moved_to')?.current).toBe(`${owner}/gadgets#${movedNumber}`);
    const report = await runtime.rollback(session.id);
    expect(steps(report)).toEqual([['github.issue.create', 'conflict', `github.issue:${owner}/${repo}#${issue_number}`]]);
    expect(report.residue.join('\n')).toMatch(/moved_to/);
    expect(await inGadgets(movedNumber)).toEqual([TITLE, 'open', null]);
  });

  it('its description rewritten by the person (key and all) before the move, it is still found, by its title, and kept', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime, human } = environment;
    const { session, issue_number } = await agentCreatesIssue('drop-after-commit');
    await human.rest.issues.update({ owner, repo, issue_number: issue_number!, body: 'Reproduced on Fridays only' });
    const movedNumber = await personTransfersIssue(environment, issue_number!, 'gadgets');

    const report = await runtime.rollback(session.id);
    expect(steps(report)).toEqual([['github.issue.create', 'conflict', `github.issue:${owner}/${repo}#${issue_number}`]]);
    expect(await inGadgets(movedNumber)).toEqual([TITLE, 'open', null]);
  });

  it('retitled and rewritten as well, it is named as outcome unknown with where it went', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime, human } = environment;
    const { session, issue_number } = await agentCreatesIssue('drop-after-commit');
    await human.rest.issues.update({ owner, repo, issue_number: issue_number!, title: 'Checkout flakes on Fridays', body: 'Reproduced on Fridays only' });
    const movedNumber = await personTransfersIssue(environment, issue_number!, 'gadgets');

    const report = await runtime.rollback(session.id);
    expect(report.residue.join('\n')).toMatch(new RegExp(`github\\.issue\\.create.*outcome unknown.*#${issue_number} \\(transferred to ${owner}/gadgets#${movedNumber}\\)`, 's'));
    expect((await inGadgets(movedNumber))[1]).toBe('open');
  });

  it('an issue transferred into the repository since (a new number here, opened long before) does not hide it', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime } = environment;
    const { session, issue_number } = await agentCreatesIssue('drop-after-commit');
    // The person's hour-old gadgets #1 comes here under the next number, above the agent's issue; then
    // the agent's issue goes to gadgets.
    const movedIn = await personTransfersIssue({ ...environment, repo: 'gadgets' }, 1, repo);
    expect(movedIn).toBeGreaterThan(issue_number!);
    const movedNumber = await personTransfersIssue(environment, issue_number!, 'gadgets');

    const report = await runtime.rollback(session.id);
    expect(steps(report)).toEqual([['github.issue.create', 'conflict', `github.issue:${owner}/${repo}#${issue_number}`]]);
    expect(await inGadgets(movedNumber)).toEqual([TITLE, 'open', null]);
  });

  it('beyond the numbers a lookup reads, it is named as outcome unknown, never settled as never landed', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime, human } = environment;
    // Minutes before the agent's write, the person opens 20 issues and moves each to gadgets: the
    // numbers since the attempt the listing lacks are more than the lookup reads one by one.
    for (let index = 0; index < 20; index += 1) {
      const { number } = (await human.rest.issues.create({ owner, repo, title: `Gadget report ${index}` })).data;
      await personTransfersIssue(environment, number, 'gadgets');
    }
    const { session, issue_number } = await agentCreatesIssue('drop-after-commit');
    const movedNumber = await personTransfersIssue(environment, issue_number!, 'gadgets');

    const report = await runtime.rollback(session.id);
    expect(report.residue.join('\n')).toMatch(/github\.issue\.create.*outcome unknown.*transferred elsewhere/s);
    expect(await inGadgets(movedNumber)).toEqual([TITLE, 'open', null]);
  });

  it('a create that never reached GitHub stays never landed, though a person moved issues of theirs away since', async () => {
    await anHourOfHistory();
    const { owner, repo, runtime, human, simulator } = environment;
    const { session, issue_number } = await agentCreatesIssue('reset');
    expect(issue_number).toBeUndefined();
    const theirs = (await human.rest.issues.create({ owner, repo, title: 'Checkout flakes (by hand)', body: 'Seen twice' })).data.number;
    const moved = [await personTransfersIssue(environment, simulator.seed.issueNumber, 'gadgets'), await personTransfersIssue(environment, theirs, 'gadgets')];

    const report = await runtime.rollback(session.id);
    expect(report.steps).toEqual([]);
    expect(report.residue).toEqual([]);
    for (const number of moved) expect((await inGadgets(number))[1]).toBe('open');
  });
});
