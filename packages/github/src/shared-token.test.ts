// Other sessions on the same token are others: rolling back session A keeps the branch that holds
// session B's file and the issue session B commented on (a conflict, named), while A's own file and
// comment are undone first and never block A's branch or issue.
import { afterEach, describe, expect, it } from 'vitest';
import { createRuntime, createWriterKey, type Runtime, type WriterIdentity } from '@backspace/core';
import { startGithubRuntime, toBase64 } from './test-support.js';

let environment: Awaited<ReturnType<typeof startGithubRuntime>>;
const runtimeJournal = (runtime: Runtime) => runtime.journal;
afterEach(async () => environment?.close());

/** Compensations in the order the rollback started them, as the journal records them. */
async function compensationOrder(runtime: Runtime, sessionId: string): Promise<string[]> {
  return (await runtime.journal.sessionEntries(sessionId)).filter((entry) => entry.type === 'compensation.intent').map((entry) => entry.action!);
}

describe('a branch the agent created', () => {
  it('holding another session’s file (same token) is kept, as a conflict naming that session', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    const main = simulator.inspect().git.refs.get('refs/heads/main')!;
    const sessionA = await runtime.startSession({ agentId: 'feature-bot' });
    await sessionA.run('github.branch.create', { owner, repo, ref: 'refs/heads/feature', sha: main });
    await sessionA.run('github.file.put', { owner, repo, path: 'src/a.js', branch: 'feature', message: 'A', content: toBase64('export const a = 1;\n') });
    await sessionA.end();
    const sessionB = await runtime.startSession({ agentId: 'docs-bot' });
    await sessionB.run('github.file.put', { owner, repo, path: 'docs/b.md', branch: 'feature', message: 'B', content: toBase64('# B\n') });
    await sessionB.end();

    const plan = await runtime.planRollback(sessionA.id);
    const branchStep = plan.steps.find((step) => step.action === 'github.branch.create')!;
    expect(branchStep.status).toBe('conflict');
    expect(branchStep.reason).toContain(`session ${sessionB.id}`);
    const report = await runtime.rollback(sessionA.id);
    expect(report.byOutcome).toMatchObject({ failed: 0 });

    expect(simulator.inspect().git.refs.has('refs/heads/feature')).toBe(true);
    expect(simulator.fileContent('docs/b.md', 'feature')).toBe('# B\n');
    expect(simulator.fileContent('src/a.js', 'feature')).toBeNull();
  });

  it('holding only the session’s own new files is deleted, the files undone first', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    const main = simulator.inspect().git.refs.get('refs/heads/main')!;
    const session = await runtime.startSession({ agentId: 'feature-bot' });
    await session.run('github.branch.create', { owner, repo, ref: 'refs/heads/feature', sha: main });
    await session.run('github.file.put', { owner, repo, path: 'src/a.js', branch: 'feature', message: 'A', content: toBase64('export const a = 1;\n') });
    await session.run('github.file.put', { owner, repo, path: 'src/b.js', branch: 'feature', message: 'B', content: toBase64('export const b = 1;\n') });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 3, conflict: 0, failed: 0 });
    expect(simulator.inspect().git.refs.has('refs/heads/feature')).toBe(false);
    expect((await compensationOrder(runtime, session.id)).at(-1)).toBe('github.branch.create');
  });
});

describe('an issue the agent created', () => {
  it('that another session commented on (same token) stays open, as a conflict; the agent’s own comment is deleted first', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    const sessionA = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await sessionA.run('github.issue.create', { owner, repo, title: 'Flaky checkout test' });
    const own = await sessionA.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'Seen twice today.' });
    await sessionA.end();
    const sessionB = await runtime.startSession({ agentId: 'ci-bot' });
    const other = await sessionB.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'Bisected to #1.' });
    await sessionB.end();

    const plan = await runtime.planRollback(sessionA.id);
    const issueStep = plan.steps.find((step) => step.action === 'github.issue.create')!;
    expect(issueStep.status).toBe('conflict');
    expect(issueStep.reason).toContain(`session ${sessionB.id}`);
    await runtime.rollback(sessionA.id);

    const state = simulator.inspect();
    expect(state.issues.get(issue.number)!.state).toBe('open');
    expect(state.comments.has(own.id)).toBe(false);
    expect(state.comments.get(other.id)?.body).toContain('Bisected to #1.');
  });

  it('with only its own comment is closed, the comment deleted before the issue is closed', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, runtime, simulator } = environment;
    const session = await runtime.startSession({ agentId: 'triage-bot' });
    const issue = await session.run('github.issue.create', { owner, repo, title: 'Flaky checkout test' });
    await session.run('github.issue.comment.create', { owner, repo, issue_number: issue.number, body: 'Seen twice today.' });
    await session.end();

    const report = await runtime.rollback(session.id);
    expect(report.byOutcome).toMatchObject({ verified: 2, conflict: 0, failed: 0 });
    expect(simulator.inspect().issues.get(issue.number)).toMatchObject({ state: 'closed', state_reason: 'not_planned' });
    expect(await compensationOrder(runtime, session.id)).toEqual(['github.issue.comment.create', 'github.issue.create']);
  });
});

describe('with every writer signing the journal', () => {
  it('a comment whose answer was lost, edited by another session since, stays as that session’s: its signed write is read as planning reads', async () => {
    environment = await startGithubRuntime();
    const { owner, repo, simulator, adapter } = environment;
    const agentA = createWriterKey('feature-bot', 'agent');
    const agentB = createWriterKey('docs-bot', 'agent');
    const operator = createWriterKey('ops', 'operator');
    const keyring = { writers: [agentA.trusted, agentB.trusted, operator.trusted] };
    const journal = runtimeJournal(environment.runtime);
    const as = (writer: WriterIdentity) => createRuntime({ journal, adapters: [adapter], policy: [], writer, keyring, retry: { baseDelayMs: 5, maxAttempts: 1 } });
    const sessionA = await as(agentA.identity).startSession({ agentId: 'feature-bot' });
    // The comment lands, its answer is lost: the rollback settles it by its key, as it now reads.
    simulator.faults.inject({ method: 'POST', path: '/repos/:owner/:repo/issues/:number/comments', kind: 'drop-after-commit' });
    await expect(sessionA.run('github.issue.comment.create', { owner, repo, issue_number: 1, body: 'Looks like a duplicate of #7' })).rejects.toMatchObject({ code: 'outcome_unknown' });
    await sessionA.end();
    const comment = [...simulator.inspect().comments.values()].find((candidate) => candidate.body.startsWith('Looks like a duplicate'))!;
    const sessionB = await as(agentB.identity).startSession({ agentId: 'docs-bot' });
    await sessionB.run('github.issue.comment.update', { owner, repo, comment_id: comment.id, body: 'Not a duplicate: #7 is about refunds' });
    await sessionB.end();

    const report = await as(operator.identity).rollback(sessionA.id);
    expect(report.steps).toMatchObject([{ action: 'github.issue.comment.create', outcome: 'conflict', reason: expect.stringContaining(`session ${sessionB.id}`) }]);
    expect(simulator.inspect().comments.get(comment.id)?.body).toContain('Not a duplicate: #7 is about refunds');
  });
});
