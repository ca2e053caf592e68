// A write the provider refused (a 429) is sent again after a wait, and a person may change the resource
// meanwhile: the write then replaces the person's value, not the one read before the first attempt. Its
// undo must give the person's value back, so the state the write changed is read again before a retry
// that nothing sent before can have landed; a retry after an attempt that may have landed keeps the
// first reading (a second one could hold the agent's own write). Read back through the GitHub
// simulator's records and a person's Octokit.
import { Octokit } from '@octokit/rest';
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, type RetryPolicy } from '@backspace/core';
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

async function rig(retry: Partial<RetryPolicy> = {}) {
  const github = await createGithubSimulator();
  open.push(github);
  const { owner, repo, tokens } = github.seed;
  const journalPath = tempJournalPath();
  const runtimeOn = (path: string) => {
    const journal = createSqliteJournal({ path });
    open.push(journal);
    return createRuntime({ journal, adapters: [createGithubAdapter({ token: tokens.agent, baseUrl: github.url })], policy: [], retry: { baseDelayMs: 1, ...retry } });
  };
  const person = new Octokit({ auth: tokens.human, baseUrl: github.url, log: { debug() {}, info() {}, warn() {}, error() {} } });
  const issue = (await person.rest.issues.create({ owner, repo, title: 'Checkout fails' })).data.number;
  // GitHub's updated_at counts whole seconds: the agent's and the person's edits each get their own.
  await pause(1100);
  const title = () => github.inspect().issues.get(issue)!.title;
  /** The agent renames the issue; the person renames it while the agent's first attempt waits out its 429. */
  const renameWhileWaiting = async (runtime: ReturnType<typeof runtimeOn>) => {
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const renamed = session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' }).catch((error: unknown) => error);
    await pause(400);
    await person.rest.issues.update({ owner, repo, issue_number: issue, title: 'Checkout fails with a gift card' });
    await pause(800);
    return { session, outcome: await renamed };
  };
  return { github, person, runtime: runtimeOn(journalPath), reopen: () => runtimeOn(journalPath), title, renameWhileWaiting };
}

const agentWrite = (request: { body: unknown }) => JSON.stringify(request.body ?? '').includes('Agent title');

describe('a write sent again after the provider refused it', () => {
  it('is undone to the value a person set while it waited, not to the one read before its first attempt', async () => {
    const { github, runtime, title, renameWhileWaiting } = await rig();
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'rate-limit', retryAfterSeconds: 1.5, when: agentWrite });
    const { session, outcome } = await renameWhileWaiting(runtime);
    expect(outcome).toMatchObject({ title: 'Agent title' });
    await session.end();
    expect(title()).toBe('Agent title');

    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 1, conflicts: 0, failed: 0 });
    expect(title()).toBe('Checkout fails with a gift card');
  });

  it('keeps that value when the retry’s answer is lost and a later rollback settles the write by its key', async () => {
    const { github, runtime, reopen, title, renameWhileWaiting } = await rig({ maxAttempts: 2 });
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'rate-limit', retryAfterSeconds: 1.5, when: agentWrite });
    // The retry lands, and its answer never comes back.
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'drop-after-commit', when: agentWrite });
    const { session, outcome } = await renameWhileWaiting(runtime);
    expect(outcome).toMatchObject({ code: 'outcome_unknown' });
    expect(title()).toBe('Agent title');
    await session.end();

    // Another engine on the same journal file settles the write and undoes it.
    const report = await reopen().rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 1, conflicts: 0, failed: 0 });
    expect(title()).toBe('Checkout fails with a gift card');
  });

  it('reads it again too once a lookup ruled out an earlier attempt that may have landed', async () => {
    const { github, runtime, title, renameWhileWaiting } = await rig();
    // A 502 never reaches GitHub's records, but the agent cannot know: it looks the write up by its key,
    // finds nothing, and sends again; that one waits out a 429 while the person renames the issue.
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'server-error', status: 502, when: agentWrite });
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'rate-limit', retryAfterSeconds: 1.5, when: agentWrite });
    const { session, outcome } = await renameWhileWaiting(runtime);
    expect(outcome).toMatchObject({ title: 'Agent title' });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.counts).toMatchObject({ undone: 1, conflicts: 0, failed: 0 });
    expect(title()).toBe('Checkout fails with a gift card');
  });
});

describe('an undo sent again after the provider refused it', () => {
  const undoWrite = (request: { body: unknown }) => JSON.stringify(request.body ?? '').includes('Checkout fails');

  async function renamedByAgent() {
    const made = await rig();
    const { github } = made;
    const { owner, repo } = github.seed;
    const session = await made.runtime.startSession({ agentId: 'triage-bot' });
    const issue = [...github.inspect().issues.keys()].at(-1)!;
    await session.run('github.issue.update', { owner, repo, issue_number: issue, title: 'Agent title' });
    await session.end();
    await pause(1100);
    // The rollback's restore waits out a 429.
    github.faults.inject({ method: 'PATCH', path: ISSUE_PATH, kind: 'rate-limit', retryAfterSeconds: 1.5, when: undoWrite });
    return { ...made, session, issue, owner, repo };
  }

  it('leaves a title a person set while it waited, as a conflict the report names', async () => {
    const { runtime, person, session, title, issue, owner, repo } = await renamedByAgent();
    const rolling = runtime.rollback(session.id);
    await pause(500);
    await person.rest.issues.update({ owner, repo, issue_number: issue, title: 'Checkout fails on Safari' });
    const report = await rolling;
    expect(report.steps.map((step) => step.outcome)).toEqual(['conflict']);
    expect(report.residue.join('\n')).toContain('while the undo waited to be sent again');
    expect(title()).toBe('Checkout fails on Safari');
  });

  it('still puts the agent’s change back when nobody touched the issue during the wait', async () => {
    const { runtime, session, title } = await renamedByAgent();
    const report = await runtime.rollback(session.id);
    expect(report.steps.map((step) => step.outcome)).toEqual(['verified']);
    expect(title()).toBe('Checkout fails');
  });
});

