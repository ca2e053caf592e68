// An incident of two sessions on one issue: session A opens it, a later session B of the same incident
// closes it. Rolled back together, B's close is undone first (it is B's own effect, and the incident
// rolls B back), then A's open, whatever the rollback's pace:
// - nobody else touched the issue: it ends closed as not planned, as the plan says, even when A's step
//   comes long after planning (B's undo waited out a retry) and reads the issue again: the reopen it
//   finds is this rollback's own undo of B's close, not someone building on the issue;
// - a person commented on it: A's open is kept (a conflict, the person's comment named), B's close is
//   undone all the same, and the issue stays open with the comment, as the plan says and the report tells;
// - a person assigned it while B's undo waited to be sent again: their change shows in the undo's answer
//   beside the reopen, yet the issue's history names them, so A's open is kept, a conflict.
// Read back through a person's Octokit.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { waitsAMinute } from '@backspace/testkit';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { tempJournalPath } from './support/rig.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

/** A opens an issue, `between` runs, B closes it as completed; both sessions share correlation id INC-9. */
async function openedThenClosed(between: (person: Octokit, where: { owner: string; repo: string; issue_number: number }) => Promise<void>) {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  const { clock, during } = waitsAMinute();
  const journal = createSqliteJournal({ path: tempJournalPath() });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], clock });
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const first = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-9' });
  const issue = (await first.run('github.issue.create', { owner, repo, title: 'Login fails' })).number;
  await first.end();
  await between(person, { owner, repo, issue_number: issue });
  const second = await runtime.startSession({ agentId: 'triage-bot', correlationId: 'INC-9' });
  await second.run('github.issue.update', { owner, repo, issue_number: issue, state: 'closed', state_reason: 'completed' });
  await second.end();
  const read = async () => {
    const { data } = await person.rest.issues.get({ owner, repo, issue_number: issue });
    const comments = (await person.rest.issues.listComments({ owner, repo, issue_number: issue })).data.map((comment) => comment.body);
    return { state: data.state, state_reason: data.state_reason, comments, assignees: (data.assignees ?? []).map((user) => user.login) };
  };
  /** B's reopen fails once (a 503): its retry waits a minute on the rollback's clock, past the plan's freshness. */
  const slowReopen = () =>
    github.faults.inject({ method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', kind: 'server-error', status: 503, when: (request) => JSON.stringify(request.body ?? '').includes('"state":"open"') });
  return { runtime, first, second, read, slowReopen, during: (action: () => Promise<unknown>) => during(async () => void (await action())), person, where: { owner, repo, issue_number: issue } };
}

describe('an incident whose later session closed the issue its earlier session opened', () => {
  it('nobody else touched it: closed as not planned, as planned, even when the open is undone a minute after planning', async () => {
    const { runtime, first, second, read, slowReopen } = await openedThenClosed(async () => {});
    const plan = await runtime.planIncident({ correlationId: 'INC-9' });
    expect(plan.steps.map((step) => [step.sessionId, step.action, step.status])).toEqual([
      [second.id, 'github.issue.update', 'undo'],
      [first.id, 'github.issue.create', 'undo'],
    ]);

    slowReopen();
    const report = await runtime.rollbackIncident({ correlationId: 'INC-9' });
    expect(await read()).toEqual({ state: 'closed', state_reason: 'not_planned', comments: [], assignees: [] });
    // Nothing is blamed on others: the only change since planning is this rollback's own.
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'verified'],
    ]);
    expect(report.residue.join('\n')).not.toMatch(/after the rollback was planned|others built on it/);
  });

  it('a person commented on it: the close is undone and the open kept, the issue left open with the comment, as planned and reported', async () => {
    const { runtime, first, second, read, slowReopen } = await openedThenClosed(async (person, where) => {
      await person.rest.issues.createComment({ ...where, body: 'I see this too, on Firefox' });
    });
    const plan = await runtime.planIncident({ correlationId: 'INC-9' });
    expect(plan.steps.map((step) => [step.sessionId, step.action, step.status, step.remedy])).toEqual([
      [second.id, 'github.issue.update', 'undo', 'inverse'],
      [first.id, 'github.issue.create', 'conflict', 'none'],
    ]);

    slowReopen();
    const report = await runtime.rollbackIncident({ correlationId: 'INC-9' });
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened', comments: ['I see this too, on Firefox'], assignees: [] });
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'conflict'],
    ]);
    // The plan and the report say why the issue stays (the person's comment), and that it stays as the
    // undo of B's close leaves it: open.
    for (const lines of [plan.residue, report.residue]) {
      const kept = lines.find((line) => line.startsWith('github.issue.create'))!;
      expect(kept).toMatch(/left in place/);
      expect(kept).toContain('by someone outside Backspace');
      expect(kept).toContain(`left as this rollback's newer steps on it leave it: restore state of issue`);
      expect(kept).toContain(`github.issue.update of session ${second.id}`);
    }
  });

  it('a person who takes the issue on while the reopen waits to be sent again keeps it open: their change is not taken for the rollback’s', async () => {
    const { runtime, read, slowReopen, during, person, where } = await openedThenClosed(async () => {});
    slowReopen();
    const login = (await person.rest.users.getAuthenticated()).data.login;
    during(() => person.rest.issues.addAssignees({ ...where, assignees: [login] }));
    const report = await runtime.rollbackIncident({ correlationId: 'INC-9' });
    expect(await read()).toEqual({ state: 'open', state_reason: 'reopened', comments: [], assignees: [login] });
    expect(report.steps.map((step) => [step.action, step.outcome])).toEqual([
      ['github.issue.update', 'verified'],
      ['github.issue.create', 'conflict'],
    ]);
    expect(report.residue.join('\n')).toContain('assignees');
  });
});
