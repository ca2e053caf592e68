// An undo whose write landed but whose answer never came back, on every attempt: the rollback reads the
// resource and, when it holds what the undo leads to, counts the step done. Reported as failed, the
// operator was told the agent's change remains when it is gone, and the steps that waited on it were not
// run, so a person's value the agent had taken away and put back stayed away until someone rolled back
// again. Read back through the GitHub simulator's records.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime } from '@backspace/core';
import { createSqliteJournal } from '@backspace/journal-sqlite';
import { createGithubAdapter } from '@backspace/github';
import { createGithubSimulator } from '@backspace/github/simulator';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
});

const ISSUE_PATH = '/repos/{owner}/{repo}/issues/{issue_number}';
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function rig() {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  const journal = createSqliteJournal({ path: ':memory:' });
  open.push(journal);
  const runtime = createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], retry: { baseDelayMs: 1, maxAttempts: 3 } });
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const issue = (await person.rest.issues.create({ owner, repo, title: 'Checkout fails' })).data.number;
  // GitHub's updated_at counts whole seconds: the person's and the agent's edits each get their own.
  await pause(1100);
  const title = () => github.inspect().issues.get(issue)!.title;
  /** Every answer to the rollback's writes on the issue is lost after the write lands. */
  const loseEveryUndoAnswer = () => github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'drop-after-commit', times: 10 });
  return { github, runtime, owner, repo, issue, title, loseEveryUndoAnswer };
}

describe('an undo that landed with every answer lost', () => {
  it('is verified by reading the resource, not reported failed', async () => {
    const { runtime, owner, repo, issue, title, loseEveryUndoAnswer } = await rig();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' });
    await session.end();

    loseEveryUndoAnswer();
    const report = await runtime.rollback(session.id);
    expect(title()).toBe('Checkout fails');
    expect(report.counts).toMatchObject({ undone: 1, failed: 0 });
    expect(report.residue).toEqual([]);
  });

  it('lets the earlier step that waited on it run, so the person’s title comes back in one rollback', async () => {
    const { runtime, owner, repo, issue, title, loseEveryUndoAnswer } = await rig();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' });
    await pause(1100);
    // The agent puts the person's title back itself: undoing this step alone would bring its own title back.
    await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Checkout fails' });
    await session.end();

    loseEveryUndoAnswer();
    const report = await runtime.rollback(session.id);
    expect(title()).toBe('Checkout fails');
    expect(report.counts.failed).toBe(0);
  });

  it('stays failed when the resource does not hold what the undo leads to', async () => {
    const { github, runtime, owner, repo, issue, title } = await rig();
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' });
    await session.end();

    // The connection drops before GitHub acts, every time: nothing of the undo landed.
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'reset', times: 10 });
    const report = await runtime.rollback(session.id);
    expect(title()).toBe('Agent title');
    expect(report.counts.failed).toBe(1);
    expect(report.residue.join('\n')).toMatch(/compensation failed/);
  });
});
