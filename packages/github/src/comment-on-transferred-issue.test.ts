// The agent's comment on an issue a person then transferred to another repository went along with it:
// it sits on the issue under its new number there, still the agent's (moving the issue did not make it
// the person's). GitHub answers the comment at its old address with 404, as it does the moved issue's
// comment list, so a rollback that read only there would count the comment already deleted while it is
// still on the moved issue. It is deleted where it is now; where it cannot be found there, the step is
// kept as a conflict naming where the issue went, never undone. Read back through the person's Octokit
// at the issue's new address.
import { afterEach, describe, expect, it } from 'vitest';
import type { RollbackReport } from '@backspace/core';
import { personTransfersIssue, startGithubRuntime } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
afterEach(async () => environment?.close());

/**
 * The agent comments on an issue (the person's seeded one, or one it opens), after the person's own
 * comment, and may edit the person's comment; the person then transfers the issue from `widgets` to their `gadgets`, where it gets another number.
 */
async function commentedThenTransferred(options: { agentOpensIssue?: boolean; agentEditsPersonsComment?: boolean } = {}) {
  environment = await startGithubRuntime();
  const { owner, repo, runtime, human, simulator } = environment;
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  const issue_number = options.agentOpensIssue ? ((await session.run('github.issue.create', { owner, repo, title: 'Login fails' })) as { number: number }).number : simulator.seed.issueNumber;
  const persons = (await human.rest.issues.createComment({ owner, repo, issue_number, body: 'Seen on staging too.' })).data.id;
  const comment = ((await session.run('github.issue.comment.create', { owner, repo, issue_number, body: 'Looking into it.' })) as { id: number }).id;
  if (options.agentEditsPersonsComment) await session.run('github.issue.comment.update', { owner, repo, comment_id: persons, body: 'Seen on staging too (triaged).' });
  await session.end();
  simulator.createRepository('gadgets');
  for (const title of ['Gadget backlog', 'Gadget pricing']) await human.rest.issues.create({ owner, repo: 'gadgets', title });
  const movedNumber = await personTransfersIssue(environment, issue_number, 'gadgets');
  /** The ids of the comments on the moved issue, where it is now. */
  const commentsThere = async () => (await human.rest.issues.listComments({ owner, repo: 'gadgets', issue_number: movedNumber })).data.map((found) => found.id);
  return { ...environment, session, issue_number, movedNumber, comment, persons, commentsThere };
}

const outcomeOf = (report: RollbackReport, action: string) => report.steps.find((step) => step.action === action)?.outcome;

describe("the agent's comment on an issue a person transferred to another repository", () => {
  it('went along with the issue, and GitHub answers it at its old address with 404', async () => {
    const { owner, repo, human, comment, persons, commentsThere } = await commentedThenTransferred();
    expect(await commentsThere()).toEqual([persons, comment]);
    const old = await human.rest.issues.getComment({ owner, repo, comment_id: comment }).then(() => 200, (error: { status: number }) => error.status);
    expect(old).toBe(404);
  });

  it("is deleted where it is now, on the person's moved issue, the person's comment kept", async () => {
    const { runtime, session, persons, commentsThere } = await commentedThenTransferred();

    const report = await runtime.rollback(session.id);
    expect(outcomeOf(report, 'github.issue.comment.create')).toBe('verified');
    expect(await commentsThere()).toEqual([persons]);
  });

  it("is deleted where it is now on the agent's own moved issue, which is kept as a conflict naming where it went", async () => {
    const { owner, human, runtime, session, persons, movedNumber, commentsThere } = await commentedThenTransferred({ agentOpensIssue: true });

    const report = await runtime.rollback(session.id);
    expect([outcomeOf(report, 'github.issue.comment.create'), outcomeOf(report, 'github.issue.create')]).toEqual(['verified', 'conflict']);
    expect(await commentsThere()).toEqual([persons]);
    const { data } = await human.rest.issues.get({ owner, repo: 'gadgets', issue_number: movedNumber });
    expect(data.state).toBe('open');
  });

  it('where it cannot be found where the issue went, is a conflict naming that place, never counted gone', async () => {
    const { owner, runtime, session, simulator, issue_number, persons, comment, movedNumber, commentsThere } = await commentedThenTransferred();
    // Standing in for a GitHub that gave the moved comments new ids: the old one answers nowhere.
    simulator.faults.inject({ path: /\/repos\/[^/]+\/gadgets\/issues\/comments\/\d+$/, kind: 'server-error', status: 404, times: Infinity, respond: () => ({ status: 404, body: { message: 'Not Found' } }) });

    const plan = await runtime.planRollback(session.id);
    const step = plan.steps.find((candidate) => candidate.action === 'github.issue.comment.create')!;
    expect(step.status).toBe('conflict');
    expect(step.fields?.find((check) => check.field === `moved_to:#${issue_number}`)?.current).toBe(`${owner}/gadgets#${movedNumber}`);
    const report = await runtime.rollback(session.id);
    expect(outcomeOf(report, 'github.issue.comment.create')).toBe('conflict');
    expect(report.residue.join('\n')).toContain(`moved_to:#${issue_number}`);
    simulator.faults.clear();
    expect(await commentsThere()).toEqual([persons, comment]);
  });

  it("the agent's edit of the person's comment on it is undone where the comment is now", async () => {
    const { owner, human, runtime, session, persons, commentsThere } = await commentedThenTransferred({ agentEditsPersonsComment: true });

    const report = await runtime.rollback(session.id);
    expect([outcomeOf(report, 'github.issue.comment.update'), outcomeOf(report, 'github.issue.comment.create')]).toEqual(['verified', 'verified']);
    expect(await commentsThere()).toEqual([persons]);
    expect((await human.rest.issues.getComment({ owner, repo: 'gadgets', comment_id: persons })).data.body).toBe('Seen on staging too.');
  });
});
