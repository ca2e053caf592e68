// Another agent session's write that has landed but whose outcome that session has not journaled yet
// (its answer was lost; it is waiting to look it up) when session A's rollback is planned: it may have
// landed, so it owns the resource's fields until it is settled, as a committed one owns those it changed. Session A closed an issue; a person reopened it; session B (another
// agent, same token, another runtime on the same journal file) closed it again. GitHub's history names
// the same login for A's close and B's, so only the journal tells them apart. Read back through the
// GitHub simulator's records.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';
import { tempJournalPath } from './support/rig.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const ISSUE_PATH = '/repos/{owner}/{repo}/issues/{issue_number}';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function closedByAReopenedByPerson() {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  const path = tempJournalPath();
  const runtimeOn = (baseDelayMs: number) => {
    const journal = createSqliteJournal({ path });
    open.push(journal);
    return createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], retry: { baseDelayMs } });
  };
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const issue = (await person.rest.issues.create({ owner, repo, title: 'Checkout fails' })).data.number;
  const where = { owner, repo, issue_number: issue };
  await pause(1100);
  const operator = runtimeOn(1);
  const a = await operator.startSession({ agentId: 'triage-bot' });
  await a.run('github.issue.update', { ...where, state: 'closed', state_reason: 'not_planned' });
  await a.end();
  await pause(1100);
  await person.rest.issues.update({ ...where, state: 'open' });
  await pause(1100);
  return { github, runtimeOn, operator, a, where, state: () => github.inspect().issues.get(issue)!.state };
}

describe("another session's write whose outcome is not journaled yet when A's rollback is planned", () => {
  it("keeps session B's close, whose answer was lost and is being looked up while A is rolled back", async () => {
    const { github, runtimeOn, operator, a, where, state } = await closedByAReopenedByPerson();
    // B's close lands at GitHub, its answer is lost; B waits two seconds before looking it up.
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'drop-after-commit' });
    const b = await runtimeOn(2_000).startSession({ agentId: 'release-bot' });
    const bClose = b.run('github.issue.update', { ...where, state: 'closed', state_reason: 'completed' }).then(
      (value) => ({ ok: true, value }),
      (error: { code?: string; message?: string }) => ({ ok: false, code: error.code, message: error.message }),
    );
    await pause(300);
    expect(state(), "B's close landed").toBe('closed');

    const report = await operator.rollback(a.id);
    const bOutcome = await bClose;
    await b.end();
    const detail = JSON.stringify({ report: report.summary, steps: report.steps.map((step) => [step.status, step.outcome, step.reason]), b: bOutcome, state: state() });
    expect(state(), detail).toBe('closed');
  });
});
