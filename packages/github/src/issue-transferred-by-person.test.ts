// A person who transfers the agent's issue to another repository (GraphQL `transferIssue`) took it on:
// it lives on there under a new number, and GitHub answers its old address with NOT_FOUND through
// GraphQL and a 301 to the new one through REST. Undoing the agent's create must not read that as an
// issue already gone (a rollback reporting success while the issue is open elsewhere), nor close the
// person's issue through the redirect: the step is kept, a conflict that says where the issue went.
// Read back through the person's Octokit, at the issue's new address.
import { afterEach, describe, expect, it } from 'vitest';
import type { RollbackReport } from '@backspace/core';
import { personTransfersIssue, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;

/** GitHub without its GraphQL API (an Enterprise Server that does not serve it): every document 404. */
const withoutGraphql = { method: 'POST', path: '/graphql', kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) } as const;
afterEach(async () => environment?.close());

/** The agent opens an issue in `widgets`; the person transfers it to their `gadgets`. */
async function transferredByPerson() {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const issue_number = ((await session.run('github.issue.create', { owner, repo, title: 'Login fails' })) as { number: number }).number;
  await session.end();
  simulator.createRepository('gadgets');
  // Issues there already, so the transferred issue's new number differs from its old one.
  for (const title of ['Gadget backlog', 'Gadget pricing', 'Gadget docs']) await human.rest.issues.create({ owner, repo: 'gadgets', title });
  const movedNumber = await personTransfersIssue(environment, issue_number, 'gadgets');
  return { ...environment, session, issue_number, movedNumber };
}

const outcomes = (report: RollbackReport) => report.steps.map((step) => [step.action, step.outcome]);

describe("the agent's issue a person transferred to another repository", () => {
  it('GitHub answers the old address with a 301 to the issue where it is now, which Octokit follows', async () => {
    const { owner, repo, human, issue_number, movedNumber } = await transferredByPerson();
    const { data } = await human.rest.issues.get({ owner, repo, issue_number });
    expect([data.number, data.repository_url.endsWith(`/repos/${owner}/gadgets`), data.state]).toEqual([movedNumber, true, 'open']);
    expect(movedNumber).not.toBe(issue_number);
  });

  it('is not closed, and the rollback reports it kept (moved, and where to), never already undone', async () => {
    const { owner, runtime, human, session, movedNumber } = await transferredByPerson();

    const plan = await runtime.planRollback(session.id);
    expect(plan.steps.map((step) => [step.action, step.status])).toEqual([['github.issue.create', 'conflict']]);
    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['github.issue.create', 'conflict']]);
    expect(report.counts.conflicts).toBe(1);
    expect(report.residue.join('\n')).toMatch(/moved_to/);
    expect(plan.steps[0]!.fields?.find((check) => check.field === 'moved_to')?.current).toBe(`${owner}/gadgets#${movedNumber}`);

    const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number: movedNumber });
    expect([data.state, data.state_reason]).toEqual(['open', null]);
  });

  it('where GraphQL is not served, read through REST: kept all the same', async () => {
    const { owner, runtime, human, session, simulator, movedNumber } = await transferredByPerson();
    simulator.faults.inject(withoutGraphql);

    const report = await runtime.rollback(session.id);
    expect(outcomes(report)).toEqual([['github.issue.create', 'conflict']]);
    const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number: movedNumber });
    expect([data.state, data.state_reason]).toEqual(['open', null]);
  });
});
