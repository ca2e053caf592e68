// A long rollback (hundreds of steps paced under a rate limit, or one waiting out a retry) reaches some
// steps minutes after planning read their resource. A person who changed a field in between keeps it:
// the step reads the resource again first and is left in place, named, instead of putting the agent's
// pre-state back over them. The rollback's clock moves a minute while an earlier step waits to retry,
// and the person renames the issue right then, through their own Octokit; read back from the GitHub
// simulator's records.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { waitsAMinute } from '@backspace/testkit';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The agent retitles an issue, then rewrites its body; the body's restore fails once, and `meanwhile` runs while it waits. */
async function rollbackWithSlowFirstStep(meanwhile: (person: Octokit, where: { owner: string; repo: string; issue_number: number }) => Promise<void>) {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  // Every wait moves the rollback's clock on a minute, past the plan's freshness.
  const { clock, during } = waitsAMinute();
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], clock });
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const issue = (await person.rest.issues.create({ owner, repo, title: 'Checkout fails', body: 'Steps to reproduce' })).data.number;
  await pause(1100);
  const session = await runtime.startSession({ agentId: 'triage-bot' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' });
  await session.run('github.issue.update', { owner, repo, issue_number: issue, body: 'Agent body' });
  await session.end();
  await pause(1100);
  github.faults.inject({ method: 'PATCH', path: '/repos/{owner}/{repo}/issues/{issue_number}', kind: 'server-error', status: 503, when: (request) => JSON.stringify(request.body ?? '').includes('Steps to reproduce') });
  during(() => meanwhile(person, { owner, repo, issue_number: issue }));
  const report = await runtime.rollback(session.id);
  return { report, issue: github.inspect().issues.get(issue)! };
}

describe('a step reached long after planning', () => {
  it('leaves a title a person set after the rollback was planned, and names it', async () => {
    const { report, issue } = await rollbackWithSlowFirstStep(async (person, where) => {
      await person.rest.issues.update({ ...where, title: 'Checkout fails on Safari' });
    });
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'conflict']);
    expect(report.residue.join('\n')).toContain('after the rollback was planned');
    expect(issue).toMatchObject({ title: 'Checkout fails on Safari', body: 'Steps to reproduce' });
  });

  it('still puts the title back when nobody touched it, at the cost of one read', async () => {
    const { report, issue } = await rollbackWithSlowFirstStep(async () => {});
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified', 'verified']);
    expect(issue).toMatchObject({ title: 'Checkout fails', body: 'Steps to reproduce' });
  });
});
